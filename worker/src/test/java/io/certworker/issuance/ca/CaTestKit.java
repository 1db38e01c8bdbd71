package io.certworker.issuance.ca;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.IssuedCertificate;
import io.certworker.issuance.Issuer;
import io.certworker.issuance.KeyAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** What the tests of the internal CA share: fast EC settings, fixed clocks, issuing, parsing and chain checks. */
final class CaTestKit {
    /** The project of the real Atlas sample certificate. */
    static final String GROUP_ID = "5efda6aea3f2ed2e7dd6ce05";
    static final String OTHER_GROUP_ID = "0123456789abcdef01234567";
    /** One hour after the sample certificate's notBefore, so a 3-month certificate has exactly the sample's validity. */
    static final Instant NOW = Instant.parse("2026-08-10T03:06:35Z");
    static final String OU = "Atlas";
    static final String O = "MongoDB Inc";
    /** Runs the issuer's work on the calling thread: keeps the single-threaded tests simple. */
    static final Executor DIRECT = Runnable::run;

    private CaTestKit() {
    }

    /** Atlas's names, fast EC-P256 keys for both the client certificates and the CAs. */
    static CaSettings ecSettings() {
        return new CaSettings(KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P256, OU, O,
                Duration.ofDays(3650), Duration.ofDays(7300));
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static Clock clockAt(String instant) {
        return clockAt(Instant.parse(instant));
    }

    /** An EC issuer with a root generated in {@code <dir>/root} and its per-project CAs in {@code <dir>/groups}. */
    static Issuer ecIssuer(Path dir, Clock clock) {
        return InternalCaIssuer.create(ecSettings(), new RootCaSource.GeneratedIn(dir.resolve("root")),
                dir.resolve("groups"), DIRECT, clock);
    }

    static CertificateOrder order(String groupId, String username, int months) {
        return new CertificateOrder(UUID.randomUUID().toString(), groupId, username, months);
    }

    static IssuedCertificate issue(Issuer issuer, String groupId, String username, int months) {
        return issued(issuer.issue(order(groupId, username, months)).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS)
                .join());
    }

    static IssuedCertificate issue(Issuer issuer, String username) {
        return issue(issuer, GROUP_ID, username, 3);
    }

    static IssuedCertificate issued(IssuanceResult result) {
        assertThat(result).isInstanceOf(IssuanceResult.Issued.class);
        return ((IssuanceResult.Issued) result).certificate();
    }

    static List<X509Certificate> certificates(String pem) {
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                certificates.add((X509Certificate) certificate);
            }
            return certificates;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not PEM certificates", e);
        }
    }

    /**
     * The client certificate of an issued PEM: its first block. (The JDK's {@code generateCertificates} cannot read the
     * whole body, which goes on with the private key, as Atlas's does.)
     */
    static X509Certificate leaf(IssuedCertificate issued) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(issued.pem().getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("no certificate first in the issued PEM", e);
        }
    }

    static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new X509CertificateHolder(certificate.getEncoded());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static X509Certificate groupCa(IssuedCertificate issued) {
        return certificates(issued.caCertificatePem()).get(0);
    }

    static X509Certificate root(IssuedCertificate issued) {
        List<X509Certificate> chain = certificates(issued.caCertificatePem());
        return chain.get(chain.size() - 1);
    }

    /** PKIX-validates the leaf with the issuer's chain at {@code at}, trusting only the chain's last (root) certificate. */
    static void verifyChain(IssuedCertificate issued, Instant at) throws GeneralSecurityException {
        List<X509Certificate> chain = certificates(issued.caCertificatePem());
        verifyChain(leaf(issued), chain.subList(0, chain.size() - 1), chain.get(chain.size() - 1), at);
    }

    static void verifyChain(X509Certificate leaf, List<X509Certificate> intermediates, X509Certificate trustedRoot,
                            Instant at) throws GeneralSecurityException {
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        path.addAll(intermediates);
        CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(trustedRoot, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
    }

    static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String signatureAlgorithmFor(PublicKey key) {
        return key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    }

    /**
     * Whether {@code privateKey} signs what {@code publicKey} verifies. Uses BouncyCastle, which takes both its own keys
     * (what the CA reads from disk, algorithm "ECDSA") and the JDK's.
     */
    static boolean keysMatch(PublicKey publicKey, PrivateKey privateKey) {
        try {
            byte[] probe = "proof of possession".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(signatureAlgorithmFor(publicKey), BouncyCastle.PROVIDER);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithmFor(publicKey), BouncyCastle.PROVIDER);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A self-signed CA certificate {@code CN=<commonName>, O=Test}, valid a year around {@link #NOW}. */
    static X509Certificate selfSignedCa(String commonName, KeyPair keys) {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName).addRDN(BCStyle.O, "Test").build();
        try {
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()).abs().add(BigInteger.ONE),
                    Date.from(NOW.minus(Duration.ofDays(365))), Date.from(NOW.plus(Duration.ofDays(3650))), name,
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            var signer = new JcaContentSignerBuilder(signatureAlgorithmFor(keys.getPublic())).build(keys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM as BouncyCastle's {@link JcaPEMWriter} writes it (a bare private key becomes PKCS#1 or SEC1). */
    static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names in a directory, hidden ones included. */
    static List<String> entries(Path directory) {
        try (var stream = Files.list(directory)) {
            return stream.map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
