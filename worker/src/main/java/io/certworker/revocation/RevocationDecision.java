package io.certworker.revocation;

import io.certworker.apierror.AtlasApiError;
import java.util.Objects;

/** What a revocation request comes to. */
public sealed interface RevocationDecision {

    /** Revoke the certificate now: {@code certificate} is it, revoked (its time and reason set). */
    record Revoke(CertificateRecord certificate) implements RevocationDecision {
        public Revoke {
            Objects.requireNonNull(certificate, "certificate");
            if (!certificate.revoked()) {
                throw new IllegalArgumentException("a revocation needs its time and reason");
            }
        }
    }

    /**
     * The certificate was revoked before: that revocation (its time and reason) is the answer. {@code answer} is false
     * for a request the worker asked itself, which then publishes nothing more.
     */
    record AlreadyRevoked(CertificateRecord certificate, boolean answer) implements RevocationDecision {
        public AlreadyRevoked {
            Objects.requireNonNull(certificate, "certificate");
        }
    }

    /** Refused with Atlas's error. {@code answer} is false for a request the worker asked itself: nothing to say. */
    record Refused(AtlasApiError error, boolean answer) implements RevocationDecision {
        public Refused {
            Objects.requireNonNull(error, "error");
        }
    }
}
