package io.certworker.issuance.ca;

/** The cryptographic operations of the internal CA whose provider {@link CryptoProviders} chooses. */
public enum CryptoOperation {
    RSA_KEY_GENERATION("rsa_key_generation", "RSA key generation"),
    EC_KEY_GENERATION("ec_key_generation", "EC key generation"),
    RSA_SIGNATURE("rsa_signature", "RSA signature"),
    ECDSA_SIGNATURE("ecdsa_signature", "ECDSA signature"),
    CSR_VERIFICATION("csr_verification", "CSR verification");

    private final String label;
    private final String description;

    CryptoOperation(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** The name in metrics, for example {@code rsa_key_generation}. */
    public String label() {
        return label;
    }

    /** The name in log lines, for example {@code RSA key generation}. */
    public String description() {
        return description;
    }

    /** Key generation of RSA keys when {@code rsa}, else of EC keys. */
    public static CryptoOperation keyGeneration(boolean rsa) {
        return rsa ? RSA_KEY_GENERATION : EC_KEY_GENERATION;
    }
}
