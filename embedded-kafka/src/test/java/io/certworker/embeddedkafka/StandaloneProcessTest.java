package io.certworker.embeddedkafka;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StandaloneProcessTest {

    @Test
    void mainRunsABrokerInItsOwnProcessUntilItIsTerminated(@TempDir Path dataDir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        Process broker = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                EmbeddedKafkaCluster.class.getName(), Integer.toString(port), dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            long t0 = System.nanoTime();
            String ready = firstLineStartingWith(broker, "bootstrap.servers=");
            System.out.printf("[timing] standalone process ready in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(ready).isEqualTo("bootstrap.servers=127.0.0.1:" + port);

            try (Admin admin = Clients.admin("127.0.0.1:" + port)) {
                assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            }
        } finally {
            broker.destroy();
            assertThat(broker.waitFor(60, TimeUnit.SECONDS)).as("the broker process ends on SIGTERM").isTrue();
        }
        assertThat(dataDir.resolve("meta.properties")).isRegularFile();
    }

    private static String firstLineStartingWith(Process process, String prefix) throws Exception {
        BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("process ended without printing " + prefix + ", exit " + process.waitFor());
    }
}
