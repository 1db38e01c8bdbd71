package io.certworker.issuance.ca;

import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.ca.pkcs11.Pkcs11Token;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

/** Makes a root CA whose key is generated in a PKCS#11 token and never leaves it: {@code cert-worker ca init-root}. */
public final class TokenRootCa {
    private TokenRootCa() {
    }

    /**
     * Generates the root's key in {@code token} (sensitive, not extractable), signs a self-signed certificate
     * {@code CN=<commonName>, O=<organization>} with it there, and keeps both under {@code label}.
     *
     * @return the root certificate, PEM
     * @throws IllegalArgumentException when the token already has an entry labelled {@code label}
     */
    public static String create(Pkcs11Token token, String label, KeyAlgorithm algorithm, String commonName,
                                String organization, Duration validity, Clock clock) {
        if (token.contains(label)) {
            throw new IllegalArgumentException("the PKCS#11 " + token.description() + " already has an entry labelled '"
                    + label + "'; choose another label, or use that root");
        }
        Instant now = clock.instant();
        KeyPair keyPair = token.generate(algorithm);
        X509CertificateHolder certificate = new CertificateBuilder(CryptoProviders.automatic()).root(
                DistinguishedNames.root(commonName, organization), keyPair, now.minusSeconds(3600), now.plus(validity));
        try {
            token.keep(label, keyPair, new JcaX509CertificateConverter().getCertificate(certificate));
        } catch (CertificateException e) {
            throw new IllegalStateException("unreadable root certificate", e);
        }
        return Pem.certificate(certificate);
    }
}
