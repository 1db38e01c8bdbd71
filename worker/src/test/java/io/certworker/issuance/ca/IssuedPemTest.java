package io.certworker.issuance.ca;

import static io.certworker.issuance.ca.CaTestKit.NOW;
import static io.certworker.issuance.ca.CaTestKit.clockAt;
import static io.certworker.issuance.ca.CaTestKit.ecIssuer;
import static io.certworker.issuance.ca.CaTestKit.issue;
import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.issuance.IssuedCertificate;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEM body an issued certificate carries: Atlas's 201 answer, the certificate then its PKCS#8 key. */
class IssuedPemTest {
    private static final Pattern BODY = Pattern.compile(
            "-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=\n]+)-----END CERTIFICATE-----\n"
                    + "-----BEGIN PRIVATE KEY-----\n([A-Za-z0-9+/=\n]+)-----END PRIVATE KEY-----\n");

    @TempDir
    static Path dir;
    private static IssuedCertificate issued;
    private static Matcher body;

    @BeforeAll
    static void issueOne() {
        issued = issue(ecIssuer(dir, clockAt(NOW)), "alice");
        body = BODY.matcher(issued.pem());
        assertThat(body.matches()).as("PEM body:%n%s", issued.pem()).isTrue();
    }

    @Test
    void thePemIsExactlyTheCertificateThenThePkcs8PrivateKey() {
        assertThat(issued.pem())
                .startsWith("-----BEGIN CERTIFICATE-----\n")
                .endsWith("-----END PRIVATE KEY-----\n")
                .containsOnlyOnce("-----BEGIN CERTIFICATE-----")
                .containsOnlyOnce("-----BEGIN PRIVATE KEY-----")
                .doesNotContain("RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED");
        assertThat(issued.pem().indexOf("-----END CERTIFICATE-----"))
                .isLessThan(issued.pem().indexOf("-----BEGIN PRIVATE KEY-----"));
    }

    @Test
    void linesEndWithLineFeedsOnlyAndHoldAtMost64Characters() {
        assertThat(issued.pem()).doesNotContain("\r");
        assertThat(issued.caCertificatePem()).doesNotContain("\r").endsWith("-----END CERTIFICATE-----\n");
        assertThat(issued.pem()).endsWith("\n").doesNotEndWith("\n\n");
        assertThat(List.of(issued.pem().split("\n"))).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
    }

    @Test
    void theCertificatePartParsesBackToTheIssuedCertificate() throws Exception {
        byte[] der = Base64.getMimeDecoder().decode(body.group(1));
        X509Certificate certificate = CaTestKit.leaf(issued);

        assertThat(certificate.getEncoded()).isEqualTo(der);
        assertThat(certificate.getSerialNumber()).isEqualTo(issued.serialNumber());
    }

    @Test
    void thePrivateKeyPartParsesAsPkcs8AndBelongsToTheCertificate() throws Exception {
        X509Certificate certificate = CaTestKit.leaf(issued);
        byte[] der = Base64.getMimeDecoder().decode(body.group(2));

        PrivateKey key = KeyFactory.getInstance(certificate.getPublicKey().getAlgorithm())
                .generatePrivate(new PKCS8EncodedKeySpec(der));

        assertThat(CaTestKit.keysMatch(certificate.getPublicKey(), key)).isTrue();
        assertThat(CaTestKit.keysMatch(CaTestKit.ecKeyPair().getPublic(), key)).isFalse();
    }

    @Test
    void theCaChainHoldsOnlyCertificatesAndNoKey() {
        assertThat(issued.caCertificatePem()).doesNotContain("PRIVATE KEY");
        assertThat(CaTestKit.certificates(issued.caCertificatePem())).hasSize(2);
    }
}
