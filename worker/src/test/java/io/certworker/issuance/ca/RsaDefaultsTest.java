package io.certworker.issuance.ca;

import io.certworker.issuance.Issuer;
import static io.certworker.issuance.ca.CaTestKit.NOW;
import static io.certworker.issuance.ca.CaTestKit.O;
import static io.certworker.issuance.ca.CaTestKit.OU;
import static io.certworker.issuance.ca.CaTestKit.clockAt;
import static io.certworker.issuance.ca.CaTestKit.holder;
import static io.certworker.issuance.ca.CaTestKit.issue;
import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.issuance.IssuedCertificate;
import io.certworker.issuance.KeyAlgorithm;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one slow test: Atlas's RSA-4096 defaults, with an RSA root given as a PKCS#1 PEM key. Every other test uses EC
 * keys to stay fast.
 */
class RsaDefaultsTest {
    private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";

    @TempDir
    Path dir;

    @Test
    void withRsa4096KeysTheCertificateHasAtlasKeysAndSignatureAndShape() throws Exception {
        CaSettings atlasDefaults = new CaSettings(KeyAlgorithm.RSA_4096, KeyAlgorithm.RSA_4096, OU, O,
                Duration.ofDays(3650), Duration.ofDays(7300));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048); // the root's size is not Atlas's concern; keep the test's own key quick
        KeyPair rootKeys = generator.generateKeyPair();
        X509Certificate root = CaTestKit.selfSignedCa("rsa root", rootKeys);
        String pkcs1 = CaTestKit.pem(rootKeys);
        assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        Path certificateFile = Files.writeString(dir.resolve("root.pem"), CaTestKit.pem(root));
        Path keyFile = Files.writeString(dir.resolve("root.key"), pkcs1);

        Issuer issuer = InternalCaIssuer.create(atlasDefaults,
                new RootCaSource.PemFiles(certificateFile, keyFile), dir.resolve("groups"), CaTestKit.DIRECT,
                clockAt(NOW));
        IssuedCertificate issued = issue(issuer, AtlasSample.GROUP_ID, AtlasSample.USERNAME, 3);

        X509Certificate leaf = CaTestKit.leaf(issued);
        X509CertificateHolder ours = holder(leaf);
        X509CertificateHolder atlas = AtlasSample.holder();

        // subject key: RSA-4096, exponent 65537, encoded like Atlas's
        RSAPublicKey subjectKey = (RSAPublicKey) leaf.getPublicKey();
        assertThat(subjectKey.getModulus().bitLength()).isEqualTo(4096)
                .isEqualTo(((RSAPublicKey) AtlasSample.certificate().getPublicKey()).getModulus().bitLength());
        assertThat(subjectKey.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537))
                .isEqualTo(((RSAPublicKey) AtlasSample.certificate().getPublicKey()).getPublicExponent());
        assertThat(ours.getSubjectPublicKeyInfo().getAlgorithm())
                .isEqualTo(atlas.getSubjectPublicKeyInfo().getAlgorithm());

        // signed sha256WithRSAEncryption by an RSA-4096 project CA, exactly as Atlas signs
        assertThat(leaf.getSigAlgOID()).isEqualTo(SHA256_WITH_RSA).isEqualTo(AtlasSample.certificate().getSigAlgOID());
        assertThat(ours.getSignatureAlgorithm()).isEqualTo(atlas.getSignatureAlgorithm());
        assertThat(((RSAPublicKey) CaTestKit.groupCa(issued).getPublicKey()).getModulus().bitLength()).isEqualTo(4096);

        // the rest of Atlas's shape, and the same names byte for byte
        AtlasSample.assertSameShape(ours);
        assertThat(ours.getSubject().getEncoded()).isEqualTo(atlas.getSubject().getEncoded());
        assertThat(ours.getIssuer().getEncoded()).isEqualTo(atlas.getIssuer().getEncoded());
        assertThat(leaf.getNotBefore()).isEqualTo(AtlasSample.certificate().getNotBefore());
        assertThat(leaf.getNotAfter()).isEqualTo(AtlasSample.certificate().getNotAfter());

        // the PKCS#8 key in the body is the certificate's RSA key
        String keyBase64 = issued.pem().substring(issued.pem().indexOf("-----BEGIN PRIVATE KEY-----\n") + 28,
                issued.pem().indexOf("-----END PRIVATE KEY-----"));
        PrivateKey key = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(keyBase64)));
        assertThat(CaTestKit.keysMatch(subjectKey, key)).isTrue();

        // and the chain up to the PKCS#1 root verifies
        assertThat(CaTestKit.root(issued)).isEqualTo(root);
        CaTestKit.verifyChain(leaf, List.of(CaTestKit.groupCa(issued)), root, NOW);
    }
}
