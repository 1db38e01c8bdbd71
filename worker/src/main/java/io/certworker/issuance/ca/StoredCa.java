package io.certworker.issuance.ca;

import java.security.PrivateKey;
import java.util.Objects;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A per-project CA as a {@link GroupCaStore} keeps it: its certificate, and either its private key (software keys)
 * or the label of its key in the PKCS#11 token (then the store holds no key material at all). {@link #toString()}
 * never shows the key.
 *
 * @param certificate   the CA's certificate
 * @param privateKey    the CA's private key, or null when it is in the token
 * @param tokenKeyLabel the label of the CA's key in the token, or null when the store keeps the key
 */
public record StoredCa(X509CertificateHolder certificate, PrivateKey privateKey, String tokenKeyLabel) {
    public StoredCa {
        Objects.requireNonNull(certificate, "certificate");
        if ((privateKey == null) == (tokenKeyLabel == null)) {
            throw new IllegalArgumentException("a stored CA has either its private key or the label of its token key");
        }
    }

    /** A CA whose store keeps its private key. */
    public StoredCa(X509CertificateHolder certificate, PrivateKey privateKey) {
        this(certificate, Objects.requireNonNull(privateKey, "privateKey"), null);
    }

    /** A CA whose private key is in the PKCS#11 token under {@code label}. */
    public static StoredCa inToken(X509CertificateHolder certificate, String label) {
        return new StoredCa(certificate, null, Objects.requireNonNull(label, "label"));
    }

    public boolean keyInToken() {
        return tokenKeyLabel != null;
    }

    @Override
    public String toString() {
        return "StoredCa[" + certificate.getSubject() + (keyInToken() ? ", tokenKeyLabel=" + tokenKeyLabel
                : ", privateKey=(redacted)") + "]";
    }
}
