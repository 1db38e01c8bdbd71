package io.certworker.issuance.ca;

import io.certworker.issuance.Issuer;
import static io.certworker.issuance.ca.CaTestKit.NOW;
import static io.certworker.issuance.ca.CaTestKit.clockAt;
import static io.certworker.issuance.ca.CaTestKit.ecSettings;
import static io.certworker.issuance.ca.CaTestKit.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.certworker.issuance.IssuedCertificate;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A root given by the operator: PEM files (PKCS#8 or SEC1 key) or a PKCS#12 keystore; a wrong key is refused. */
class RootCaSourceTest {
    private static final char[] PASSWORD = "keystore-secret".toCharArray();

    @TempDir
    Path dir;

    enum KeyFormat {
        PKCS8("-----BEGIN PRIVATE KEY-----"),
        /** SEC1 as OpenSSL writes it, with the optional public key. */
        SEC1("-----BEGIN EC PRIVATE KEY-----"),
        /** SEC1 without the optional public key, as {@code openssl ec -no_public} writes it. */
        SEC1_WITHOUT_PUBLIC_KEY("-----BEGIN EC PRIVATE KEY-----");

        final String header;

        KeyFormat(String header) {
            this.header = header;
        }

        String write(KeyPair keys) throws Exception {
            return switch (this) {
                case PKCS8 -> CaTestKit.pem(new JcaPKCS8Generator(keys.getPrivate(), null));
                case SEC1 -> CaTestKit.pem(new PemObject("EC PRIVATE KEY", sec1(keys)));
                case SEC1_WITHOUT_PUBLIC_KEY -> CaTestKit.pem(new PemObject("EC PRIVATE KEY", sec1WithoutPublicKey(keys)));
            };
        }

        private static byte[] sec1WithoutPublicKey(KeyPair keys) throws Exception {
            PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
            ECPrivateKey key = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
            return new ECPrivateKey(256, key.getKey(), pkcs8.getPrivateKeyAlgorithm().getParameters()).getEncoded();
        }

        /** RFC 5915 ECPrivateKey with the curve and the public key, built from the JDK's PKCS#8 encoding. */
        private static byte[] sec1(KeyPair keys) throws Exception {
            PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
            ECPrivateKey key = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
            ASN1Encodable curve = pkcs8.getPrivateKeyAlgorithm().getParameters();
            return new ECPrivateKey(256, key.getKey(),
                    SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData(), curve)
                    .getEncoded();
        }
    }

    private Issuer issuer(RootCaSource root) {
        return InternalCaIssuer.create(ecSettings(), root, dir.resolve("groups"), CaTestKit.DIRECT, clockAt(NOW));
    }

    private RootCaSource.PemFiles pemFiles(X509Certificate certificate, String keyPem) throws Exception {
        Path certificateFile = Files.writeString(dir.resolve("root.pem"), CaTestKit.pem(certificate));
        Path keyFile = Files.writeString(dir.resolve("root.key"), keyPem);
        return new RootCaSource.PemFiles(certificateFile, keyFile);
    }

    @ParameterizedTest(name = "key as {0}")
    @EnumSource(KeyFormat.class)
    void aRootFromPemFilesSignsTheGroupCas(KeyFormat format) throws Exception {
        KeyPair keys = CaTestKit.ecKeyPair();
        X509Certificate root = CaTestKit.selfSignedCa("operator root", keys);
        String keyPem = format.write(keys);
        assertThat(keyPem).startsWith(format.header);

        IssuedCertificate issued = issue(issuer(pemFiles(root, keyPem)), "alice");

        assertThat(CaTestKit.certificates(issued.caCertificatePem())).hasSize(2).last().isEqualTo(root);
        CaTestKit.verifyChain(CaTestKit.leaf(issued), List.of(CaTestKit.groupCa(issued)), root, NOW);
    }

    @Test
    void aRootCertificateFileHoldingAChainPassesTheWholeChainOn() throws Exception {
        KeyPair topKeys = CaTestKit.ecKeyPair();
        X509Certificate top = CaTestKit.selfSignedCa("top", topKeys);
        KeyPair keys = CaTestKit.ecKeyPair();
        X509Certificate root = CaTestKit.selfSignedCa("operator root", keys);
        Path certificateFile = Files.writeString(dir.resolve("chain.pem"), CaTestKit.pem(root) + CaTestKit.pem(top));
        Path keyFile = Files.writeString(dir.resolve("root.key"), KeyFormat.PKCS8.write(keys));

        IssuedCertificate issued = issue(issuer(new RootCaSource.PemFiles(certificateFile, keyFile)), "alice");

        assertThat(CaTestKit.certificates(issued.caCertificatePem())).hasSize(3).endsWith(root, top);
    }

    @Test
    void aRootFromAPkcs12KeystoreSignsTheGroupCas() throws Exception {
        KeyPair keys = CaTestKit.ecKeyPair();
        X509Certificate root = CaTestKit.selfSignedCa("keystore root", keys);
        Path keystore = writePkcs12(keys, root, PASSWORD);

        IssuedCertificate issued = issue(issuer(new RootCaSource.Pkcs12(keystore, PASSWORD)), "alice");

        assertThat(CaTestKit.root(issued)).isEqualTo(root);
        CaTestKit.verifyChain(CaTestKit.leaf(issued), List.of(CaTestKit.groupCa(issued)), root, NOW);
    }

    @Test
    void aPkcs12KeystoreWithTheWrongPasswordIsRefused() throws Exception {
        KeyPair keys = CaTestKit.ecKeyPair();
        Path keystore = writePkcs12(keys, CaTestKit.selfSignedCa("keystore root", keys), PASSWORD);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> issuer(new RootCaSource.Pkcs12(keystore, "wrong".toCharArray())))
                .withMessageContaining(keystore.toString());
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsRefused() throws Exception {
        X509Certificate root = CaTestKit.selfSignedCa("operator root", CaTestKit.ecKeyPair());
        String someoneElsesKey = KeyFormat.PKCS8.write(CaTestKit.ecKeyPair());

        RootCaSource.PemFiles files = pemFiles(root, someoneElsesKey);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> issuer(files))
                .withMessageContaining("does not belong");
    }

    @Test
    void aKeystoreWhoseKeyDoesNotBelongToItsCertificateIsRefused() throws Exception {
        X509Certificate root = CaTestKit.selfSignedCa("keystore root", CaTestKit.ecKeyPair());
        Path keystore = writePkcs12(CaTestKit.ecKeyPair(), root, PASSWORD);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> issuer(new RootCaSource.Pkcs12(keystore, PASSWORD)))
                .withMessageContaining("does not belong");
    }

    @Test
    void aKeyFileWithoutAKeyIsRefusedNamingTheFile() throws Exception {
        X509Certificate root = CaTestKit.selfSignedCa("operator root", CaTestKit.ecKeyPair());
        RootCaSource.PemFiles files = pemFiles(root, CaTestKit.pem(root));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> issuer(files))
                .withMessageContaining("root.key");
    }

    private Path writePkcs12(KeyPair keys, X509Certificate certificate, char[] password) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("root", keys.getPrivate(), password, new Certificate[] {certificate});
        Path file = dir.resolve("root.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore.store(out, password);
        }
        return file;
    }
}
