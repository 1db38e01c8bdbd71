package io.certworker.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/** Reading certificates back from PEM and checking chains with the JDK's own PKIX validator. */
public final class Pems {
    private Pems() {
    }

    /** The certificates of a PEM text, in order; other blocks (a private key) are skipped. */
    public static List<X509Certificate> certificates(String pem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> certificates = new ArrayList<>();
            java.util.regex.Matcher blocks = java.util.regex.Pattern
                    .compile("-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n")
                    .matcher(pem);
            while (blocks.find()) {
                certificates.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(blocks.group().getBytes(StandardCharsets.US_ASCII))));
            }
            return certificates;
        } catch (Exception e) {
            throw new IllegalArgumentException("not PEM certificates", e);
        }
    }

    /**
     * Validates {@code leaf} against {@code chainPem} (issuing CA first, root last), trusting only the root. Throws
     * when the chain does not validate.
     */
    public static void verifyChain(X509Certificate leaf, String chainPem, Date at) throws Exception {
        List<X509Certificate> chain = certificates(chainPem);
        X509Certificate root = chain.get(chain.size() - 1);
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        path.addAll(chain.subList(0, chain.size() - 1));
        CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(at);
        CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
    }
}
