package io.certworker.issuance.ca;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.util.Objects;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

/**
 * A CA that can sign: its certificate and keys, and the PEM chain from it up to the root that goes with every
 * certificate it issues. {@link #toString()} never shows the private key.
 *
 * @param certificate the CA's certificate
 * @param publicKey   the certificate's public key
 * @param privateKey  the CA's private key
 * @param chainPem    this CA's certificate followed by its issuers up to the root, PEM
 */
record CertificateAuthority(X509CertificateHolder certificate, PublicKey publicKey, PrivateKey privateKey,
                            String chainPem) {
    CertificateAuthority {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(chainPem, "chainPem");
    }

    /** A CA from its certificate and key; {@code issuersPem} is the chain above it (empty for a root). */
    static CertificateAuthority of(X509CertificateHolder certificate, PrivateKey privateKey, String issuersPem) {
        try {
            PublicKey publicKey = new JcaX509CertificateConverter().getCertificate(certificate).getPublicKey();
            return new CertificateAuthority(certificate, publicKey, privateKey, Pem.certificate(certificate) + issuersPem);
        } catch (CertificateException e) {
            throw new IllegalStateException("unreadable CA certificate " + certificate.getSubject(), e);
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubject() + ", privateKey=(redacted)]";
    }
}
