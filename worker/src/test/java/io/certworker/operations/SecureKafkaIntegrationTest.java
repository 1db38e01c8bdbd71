package io.certworker.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.embeddedkafka.EmbeddedKafkaCluster;
import io.certworker.testing.TestWorker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker over TLS: a broker whose client listener speaks only SSL (certificates made in the test with keytool),
 * and a worker configured by nothing but {@code kafka.*} pass-through settings. Every client it makes (admin,
 * consumers, producers, readers) must use them, or it would not get past start-up.
 */
class SecureKafkaIntegrationTest {
    static final String PASSWORD = "changeit";
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";

    @TempDir
    Path directory;

    @Test
    void theWorkerIssuesCertificatesOverAnSslListener() throws Exception {
        Path keystore = directory.resolve("broker.p12");
        Path certificate = directory.resolve("broker.crt");
        Path truststore = directory.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-file",
                certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", PASSWORD);

        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder()
                .brokerProperty("listener.security.protocol.map", "PLAINTEXT:SSL,CONTROLLER:PLAINTEXT")
                .brokerProperty("ssl.keystore.type", "PKCS12")
                .brokerProperty("ssl.keystore.location", keystore.toString())
                .brokerProperty("ssl.keystore.password", PASSWORD)
                .brokerProperty("ssl.key.password", PASSWORD)
                .brokerProperty("ssl.truststore.type", "PKCS12")
                .brokerProperty("ssl.truststore.location", truststore.toString())
                .brokerProperty("ssl.truststore.password", PASSWORD)
                .start()) {
            Map<String, String> tls = new HashMap<>();
            tls.put(WorkerConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            tls.put("kafka.security.protocol", "SSL");
            tls.put("kafka.ssl.truststore.type", "PKCS12");
            tls.put("kafka.ssl.truststore.location", truststore.toString());
            tls.put("kafka.ssl.truststore.password", PASSWORD);
            try (TestWorker worker = TestWorker.start(directory.resolve("ca"), tls)) {
                worker.putUser(GROUP, "alice", X509Type.MANAGED);
                String requestId = UUID.randomUUID().toString();
                worker.sendRequest(Topics.key(GROUP, "alice"), new ObjectMapper().writeValueAsString(Map.of(
                        "requestId", requestId, "groupId", GROUP, "username", "alice")));

                assertThat(worker.outcome(requestId).topic()).isEqualTo(worker.topics().issued());
            }
        }
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
