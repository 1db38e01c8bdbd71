package io.certworker.issuance.ca.pkcs11;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * A private key that lives in a PKCS#11 token, named by its label (the keystore alias): never encodable, usable only
 * through {@link #sign}. It outlives the token's sessions: after the token was lost and found again it finds its key
 * object anew. A key just generated has no label until {@link Pkcs11Token#keep} names it; until then it can sign only
 * while the token's connection lasts.
 */
public final class TokenKey implements PrivateKey {
    private static final long serialVersionUID = 1L;

    private final transient Pkcs11Token token;
    private final String label;
    private final String algorithm;
    /** The key object of one connection to the token, found on first use. */
    private transient volatile Handle handle;

    record Handle(int connection, PrivateKey key) {
    }

    TokenKey(Pkcs11Token token, String label, String algorithm) {
        this.token = Objects.requireNonNull(token, "token");
        this.label = label;
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    }

    /** The key's label in the token; null while it is unnamed. */
    public String label() {
        return label;
    }

    /**
     * {@code data} signed in the token with {@code signatureAlgorithm} (a JCA name such as {@code SHA256withRSA}).
     *
     * @throws TokenUnavailableException when the token cannot be used now
     */
    public byte[] sign(String signatureAlgorithm, byte[] data) {
        return token.sign(this, signatureAlgorithm, data);
    }

    Handle handle() {
        return handle;
    }

    void handle(Handle found) {
        this.handle = found;
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    /** Null: the key never leaves the token. */
    @Override
    public String getFormat() {
        return null;
    }

    /** Null: the key never leaves the token. */
    @Override
    public byte[] getEncoded() {
        return null;
    }

    @Override
    public String toString() {
        return "TokenKey[" + (label == null ? "(unnamed)" : label) + ", " + algorithm + ", in " + token.description() + "]";
    }
}
