package io.certworker.handling;

/**
 * The per-user cap on unexpired managed certificates (Atlas's {@code ATLAS_GENERATED_CERTS_LIMIT_EXCEEDED}). A request
 * takes one certificate of its user's allowance before it is issued, and gives it back if it ends without one.
 */
public interface CertificateAllowance {

    /** True, and counted against the user, when the user may have one more certificate now. */
    boolean take(String groupId, String username, String requestId);

    /** The request ended without a certificate: what it took is free again. */
    void giveBack(String requestId);

    /** No cap. */
    CertificateAllowance UNLIMITED = new CertificateAllowance() {
        @Override
        public boolean take(String groupId, String username, String requestId) {
            return true;
        }

        @Override
        public void giveBack(String requestId) {
        }
    };
}
