package io.certworker.issuance.atlas;

import io.certworker.issuance.IssuedCertificate;
import java.io.IOException;
import java.io.StringReader;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/** Reads Atlas's 201 body (the certificate, then its private key) into an issued certificate, the body untouched. */
final class AtlasPem {
    /** The value of {@code issuer} in the events this issuer's certificates produce. */
    static final String ISSUER = "atlas";

    private AtlasPem() {
    }

    /** @throws IllegalArgumentException when the body is not a certificate followed by a private key */
    static IssuedCertificate read(String body) {
        X509CertificateHolder certificate = null;
        boolean key = false;
        try (PEMParser parser = new PEMParser(new StringReader(body))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof X509CertificateHolder holder && certificate == null) {
                    certificate = holder;
                } else if (object instanceof PrivateKeyInfo || object instanceof PEMKeyPair) {
                    key = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable PEM: " + e.getClass().getSimpleName());
        }
        if (certificate == null || !key) {
            throw new IllegalArgumentException(certificate == null ? "no certificate" : "no private key");
        }
        return new IssuedCertificate(certificate.getSerialNumber(),
                X500Name.getInstance(BCStyle.INSTANCE, certificate.getSubject()).toString(),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(),
                certificate.getNotBefore().toInstant(), ISSUER, body, null);
    }
}
