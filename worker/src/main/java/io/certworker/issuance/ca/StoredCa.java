package io.certworker.issuance.ca;

import java.security.PrivateKey;
import java.util.Objects;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A per-project CA as a {@link GroupCaStore} keeps it. {@link #toString()} never shows the key.
 *
 * @param certificate the CA's certificate
 * @param privateKey  the CA's private key
 */
public record StoredCa(X509CertificateHolder certificate, PrivateKey privateKey) {
    public StoredCa {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    @Override
    public String toString() {
        return "StoredCa[" + certificate.getSubject() + ", privateKey=(redacted)]";
    }
}
