package io.certworker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.config.WorkerConfig;
import io.certworker.contracts.CertificateFailed;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.testing.EventSchemas;
import io.certworker.testing.TestWorker;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fault of the issuer's that will not pass by itself is answered as such: a root CA that expires in 60 days cannot
 * cover a certificate of 3 months, so that request gets a failed event with its own code and {@code retryable: false}
 * (retrying forever would never help), while a request of 1 month from the same CA is issued.
 */
class IssuanceFaultsIntegrationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";

    @TempDir
    Path directory;

    @Test
    void aRootExpiringBeforeTheRequestedNotAfterIsAPermanentFaultWithItsOwnCode() throws Exception {
        Path certificate = directory.resolve("root.pem");
        Path key = directory.resolve("root.key");
        writeRoot(certificate, key, Duration.ofDays(60));
        try (TestWorker worker = TestWorker.start(directory.resolve("ca"), Map.of(
                WorkerConfig.CA_ROOT_GENERATE, "false",
                WorkerConfig.CA_ROOT_CERTIFICATE_FILE, certificate.toString(),
                WorkerConfig.CA_ROOT_PRIVATE_KEY_FILE, key.toString()))) {
            worker.putUser(GROUP, "alice", X509Type.MANAGED);

            worker.sendRequest(Topics.key(GROUP, "alice"), request("too-long", 3));
            worker.sendRequest(Topics.key(GROUP, "alice"), request("short-enough", 1));

            ConsumerRecord<byte[], byte[]> refused = worker.outcome("too-long");
            assertThat(refused.topic()).isEqualTo(worker.topics().failed());
            assertThat(EventSchemas.violations(EventSchemas.FAILED, refused.value())).isEmpty();
            CertificateFailed failed = EventCodec.instance().decode(refused.value(), CertificateFailed.class);
            assertThat(failed.errorCode()).isEqualTo("ISSUING_CA_EXPIRES_TOO_SOON");
            assertThat(failed.error()).isEqualTo(500);
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.detail()).contains(GROUP, "expires on", "ask for fewer months");

            ConsumerRecord<byte[], byte[]> issued = worker.outcome("short-enough");
            assertThat(issued.topic()).isEqualTo(worker.topics().issued());
            CertificateIssued certificateIssued = EventCodec.instance().decode(issued.value(), CertificateIssued.class);
            assertThat(certificateIssued.notAfter()).isBefore(Instant.now().plus(Duration.ofDays(60)));
        }
    }

    private static String request(String requestId, int months) {
        return "{\"requestId\":\"" + requestId + "\",\"groupId\":\"" + GROUP + "\",\"username\":\"alice\","
                + "\"monthsUntilExpiration\":" + months + "}";
    }

    /** A self-signed EC root valid from yesterday for {@code validity}, as PEM certificate and PKCS#8 key files. */
    private static void writeRoot(Path certificateFile, Path keyFile, Duration validity) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=short-lived root,O=Test");
        Instant now = Instant.now();
        var holder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(validity)), name, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        Files.writeString(certificateFile, pem(holder), StandardCharsets.US_ASCII);
        Files.writeString(keyFile, pem(new JcaPKCS8Generator(keys.getPrivate(), null)), StandardCharsets.US_ASCII);
    }

    private static String pem(Object object) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
