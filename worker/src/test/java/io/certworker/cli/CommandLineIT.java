package io.certworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.contracts.X509Type;
import io.certworker.testing.Pems;
import io.certworker.testing.TestWorker;
import io.certworker.testing.TopicCollector;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar's commands as separate processes, where everything they print counts (log lines included) and
 * signals are real: Ctrl-C after a request was sent, an unreachable broker, configuration mistakes of dev and run.
 */
class CommandLineIT {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final Path JAR = Path.of(System.getProperty("cert-worker.jar", "target/cert-worker.jar")).toAbsolutePath();

    @TempDir
    Path directory;

    @Test
    void ctrlCAfterSendingNamesTheRequestAndTheCommandThatFetchesItsAnswerLater() throws Exception {
        try (TestWorker worker = TestWorker.start(directory.resolve("ca"), Map.of())) {
            worker.stopWorker(); // the topics stay; nobody answers for now
            Path config = worker.writeConfigFile(directory);
            // A shell started in the background may hand its children SIGINT ignored; env gives them Ctrl-C back.
            Process request = new ProcessBuilder("env", "--default-signal=INT", DevProcess.java(), "-jar",
                    JAR.toString(), "request", "--groupId", GROUP, "--username", "olga", "--monthsUntilExpiration", "2",
                    "--config", config.toString()).directory(directory.toFile())
                    .redirectInput(new File("/dev/null")).start();
            DevProcess.Output output = new DevProcess.Output(request);
            String requestId = awaitRequestSent(worker, "olga");

            new ProcessBuilder("kill", "-INT", Long.toString(request.pid())).start().waitFor(10, TimeUnit.SECONDS);

            assertThat(request.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(request.exitValue()).as(output.stderr()).isEqualTo(130);
            assertThat(output.stdout()).isEmpty();
            List<String> lines = output.stderr().lines().toList();
            assertThat(lines).as(output.stderr()).hasSize(2);
            assertThat(lines.get(0)).contains("Interrupted", requestId);
            String fetch = lines.get(1).trim();
            assertThat(fetch).startsWith("java -jar ").contains("request --groupId " + GROUP + " --username olga",
                    "--request-id " + requestId, "--monthsUntilExpiration 2", "--config " + config);

            worker.putUser(GROUP, "olga", X509Type.MANAGED);
            worker.startWorker();
            var fetched = run(List.of("bash", "-c", fetch), Map.of());

            assertThat(fetched.exitCode()).as(fetched.stderr()).isZero();
            assertThat(fetched.stderr()).isEmpty();
            assertThat(Pems.certificates(fetched.stdout()).get(0).getSubjectX500Principal().getName())
                    .isEqualTo("CN=olga");
            worker.outcome(requestId); // exactly one outcome for it
        }
    }

    @Test
    void anUnreachableBrokerIsOneLineForEveryCommandWithoutKafkaWarnings() throws Exception {
        String address = "127.0.0.1:" + DevProcess.freePort();
        for (List<String> command : List.of(
                List.of("request", "--groupId", GROUP, "--username", "alice"),
                List.of("users", "put", "--groupId", GROUP, "--username", "alice"),
                List.of("users", "show", "--groupId", GROUP, "--username", "alice"),
                List.of("certs", "list", "--groupId", GROUP, "--username", "alice"),
                List.of("customer-x509", "clear", "--groupId", GROUP))) {
            List<String> arguments = new ArrayList<>(command);
            arguments.addAll(List.of("--bootstrap-servers", address, "--timeout", "3"));

            long started = System.nanoTime();
            var result = cli(arguments, Map.of());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.printf("%s: exit %d after %d ms%n", String.join(" ", command), result.exitCode(), millis);

            assertThat(result.exitCode()).as(String.join(" ", command) + ": " + result.stderr()).isEqualTo(3);
            assertThat(result.stderr().lines()).as(String.join(" ", command)).containsExactly("Error: Kafka is not "
                    + "reachable at " + address + " (connection refused) within 3 s; is it running, and is "
                    + "bootstrap.servers right?");
        }
    }

    @Test
    void runAgainstAnUnreachableBrokerSaysSoWithoutAStackTrace() throws Exception {
        String address = "127.0.0.1:" + DevProcess.freePort();

        var run = cli(List.of("run"), Map.of("CERT_WORKER_BOOTSTRAP_SERVERS", address,
                "CERT_WORKER_KAFKA_DEFAULT_API_TIMEOUT_MS", "3000",
                "CERT_WORKER_CA_ROOT_GENERATE", "true", "CERT_WORKER_CA_DIR", directory.resolve("ca").toString(),
                "CERT_WORKER_KEY_ENCRYPTION_KEY", TestWorker.TEST_KEY_ENCRYPTION_KEY, "CERT_WORKER_METRICS_PORT", "-1"));

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(3);
        assertThat(run.stderr()).doesNotContain("\tat ", " WARN ");
        List<String> lines = run.stderr().lines().toList();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("Error: Kafka is not reachable at " + address
                + " (connection refused) within 3 s; is it running, and is bootstrap.servers right?");
        assertThat(lines).as("one INFO line that it waits, then the error").hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void configurationMistakesOfRunAndDevAreUsageErrorsBeforeAnythingStarts() throws Exception {
        Path dataDir = directory.resolve("dev-data");
        var atlasWithoutCredentials = cli(List.of("dev", "--issuer", "atlas", "--data-dir", dataDir.toString(),
                "--kafka-port", Integer.toString(DevProcess.freePort()), "--metrics-port", "0"), Map.of());
        var missingConfig = cli(List.of("run", "--config", directory.resolve("missing.properties").toString()),
                Map.of());
        var badLevel = cli(List.of("dev", "--data-dir", dataDir.toString(), "--kafka-port",
                Integer.toString(DevProcess.freePort())), Map.of("CERT_WORKER_LOG_LEVEL", "LOUD"));

        assertThat(atlasWithoutCredentials.exitCode()).as(atlasWithoutCredentials.stderr()).isEqualTo(2);
        assertThat(atlasWithoutCredentials.stderr().lines()).hasSize(1).first().asString()
                .startsWith("Configuration error: The Atlas issuer needs either a service account");
        assertThat(atlasWithoutCredentials.stdout()).doesNotContain("Starting the embedded Kafka broker");
        assertThat(dataDir.resolve("kafka")).as("no broker started").doesNotExist();
        assertThat(missingConfig.exitCode()).isEqualTo(2);
        assertThat(missingConfig.stderr().lines()).containsExactly("Configuration error: --config "
                + directory.resolve("missing.properties") + ": no such file");
        assertThat(badLevel.exitCode()).isEqualTo(2);
        assertThat(badLevel.stderr().lines()).hasSize(1).first().asString().contains("log.level", "LOUD");
    }

    /** Waits until the request for {@code username} is on the requests topic; returns its requestId. */
    private static String awaitRequestSent(TestWorker worker, String username) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (var record : worker.read(worker.topics().requests(), Integer.MAX_VALUE, Duration.ofMillis(500))) {
                if (record.value() != null && username.equals(TopicCollector.field(record, "username"))) {
                    return TopicCollector.field(record, "requestId");
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the request of " + username + " was never sent");
    }

    private ProcessResult cli(List<String> arguments, Map<String, String> environment) throws Exception {
        List<String> command = new ArrayList<>(List.of(DevProcess.java(), "-jar", JAR.toString()));
        command.addAll(arguments);
        return run(command, environment);
    }

    private ProcessResult run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(new File("/dev/null"));
        builder.environment().keySet().removeIf(name -> name.startsWith("CERT_WORKER_"));
        builder.environment().putAll(environment);
        return ProcessResult.of(builder, null);
    }

}
