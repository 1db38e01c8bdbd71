package io.certworker.embeddedkafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TlsListenerTest {

    private static final String PASSWORD = "changeit";

    @Test
    void brokerPropertiesCanPutTheClientListenerBehindTls(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("broker.p12");
        Path certificate = dir.resolve("broker.crt");
        Path truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", PASSWORD);

        EmbeddedKafkaCluster.Builder builder = EmbeddedKafkaCluster.builder()
                .brokerProperty("listener.security.protocol.map", "PLAINTEXT:SSL,CONTROLLER:PLAINTEXT")
                .brokerProperty("ssl.keystore.type", "PKCS12")
                .brokerProperty("ssl.keystore.location", keystore.toString())
                .brokerProperty("ssl.keystore.password", PASSWORD)
                .brokerProperty("ssl.key.password", PASSWORD)
                .brokerProperty("ssl.truststore.type", "PKCS12")
                .brokerProperty("ssl.truststore.location", truststore.toString())
                .brokerProperty("ssl.truststore.password", PASSWORD);

        try (EmbeddedKafkaCluster kafka = Timing.start("1 node, TLS client listener", builder);
             Admin admin = Admin.create(Map.of(
                     AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL",
                     "ssl.truststore.type", "PKCS12",
                     "ssl.truststore.location", truststore.toString(),
                     "ssl.truststore.password", PASSWORD))) {
            admin.createTopics(List.of(new NewTopic("over-tls", 1, (short) 1))).all().get();
            // A new topic reaches the broker's metadata a moment after its creation returns (later on a busy machine).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.listTopics().names().get().contains("over-tls") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(admin.listTopics().names().get()).contains("over-tls");
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
