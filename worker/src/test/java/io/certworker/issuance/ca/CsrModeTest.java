package io.certworker.issuance.ca;

import io.certworker.issuance.Issuer;
import static io.certworker.issuance.ca.CaTestKit.NOW;
import static io.certworker.issuance.ca.CaTestKit.clockAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.apierror.AtlasApiError;
import io.certworker.contracts.FieldError;
import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.IssuedCertificate;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request with a CSR: the CA checks it and certifies its key; the requester's private key never travels. */
class CsrModeTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";

    @TempDir
    Path dir;
    Issuer issuer;
    KeyPair requesterKeys;

    @BeforeEach
    void createIssuer() throws Exception {
        issuer = CaTestKit.ecIssuer(dir, clockAt(NOW));
        requesterKeys = ec("secp256r1");
    }

    @Test
    void aValidCsrGetsACertificateForItsKeyAndThePemHoldsNoPrivateKey() throws Exception {
        IssuedCertificate issued = issued(issue(csr(requesterKeys, name("alice")), "alice"));

        assertThat(issued.pem()).startsWith("-----BEGIN CERTIFICATE-----").doesNotContain("PRIVATE KEY");
        X509Certificate leaf = CaTestKit.leaf(issued);
        assertThat(leaf.getPublicKey()).isEqualTo(requesterKeys.getPublic());
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=alice");
        CaTestKit.verifyChain(issued, NOW);
    }

    @Test
    void aCsrWithAnEmptySubjectGetsTheUsersSubject() throws Exception {
        IssuedCertificate issued = issued(issue(csr(requesterKeys, new X500Name(new org.bouncycastle.asn1.x500.RDN[0])),
                "alice"));

        assertThat(CaTestKit.leaf(issued).getSubjectX500Principal().getName()).isEqualTo("CN=alice");
    }

    @Test
    void csrsThatDoNotFitAreRefusedNamingTheField() throws Exception {
        assertRefused(issue(csr(requesterKeys, name("bob")), "alice"), "csr subject must be empty or exactly CN=<username>");
        assertRefused(issue(csr(requesterKeys, new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "alice")
                .addRDN(BCStyle.O, "Evil").build()), "alice"), "csr subject must be empty or exactly CN=<username>");
        assertRefused(issue("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", "alice"),
                "csr must be a PEM PKCS#10 certificate request");
        assertRefused(issue("hello", "alice"), "csr must be a PEM PKCS#10 certificate request");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        assertRefused(issue(csr(rsa.generateKeyPair(), name("alice")), "alice"),
                "csr key must be RSA of at least 2048 bits, or EC P-256 or P-384");
    }

    @Test
    void aCsrSignedWithAnotherKeyIsRefused() throws Exception {
        KeyPair other = ec("secp256r1");
        PKCS10CertificationRequest forged = new JcaPKCS10CertificationRequestBuilder(name("alice"),
                requesterKeys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(other.getPrivate()));

        assertRefused(issue(pem(forged), "alice"), "csr signature does not verify");
    }

    private IssuanceResult issue(String csr, String username) {
        return issuer.issue(new CertificateOrder("r-" + System.nanoTime(), GROUP, username, 3, csr))
                .toCompletableFuture().join();
    }

    private static IssuedCertificate issued(IssuanceResult result) {
        assertThat(result).isInstanceOf(IssuanceResult.Issued.class);
        return ((IssuanceResult.Issued) result).certificate();
    }

    private static void assertRefused(IssuanceResult result, String description) {
        assertThat(result).isInstanceOf(IssuanceResult.Refused.class);
        AtlasApiError error = ((IssuanceResult.Refused) result).error();
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.errorCode()).isEqualTo("INVALID_ATTRIBUTE");
        assertThat(error.detail()).isEqualTo("Invalid attribute csr specified.");
        assertThat(error.fields()).containsExactly(new FieldError("csr", description));
    }

    static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    static String csr(KeyPair keys, X500Name subject) throws Exception {
        String algorithm = keys.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return pem(new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                .build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate())));
    }

    static String pem(PKCS10CertificationRequest request) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(request);
        }
        return out.toString();
    }
}
