package io.certworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.Topics;
import io.certworker.testing.Pems;
import io.certworker.testing.TestWorker;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code request}, {@code users} and {@code config} commands against a running worker and a real broker. */
class CommandsIntegrationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";

    @TempDir
    static Path directory;
    static TestWorker worker;
    static Path configFile;

    @BeforeAll
    static void start() throws Exception {
        worker = TestWorker.start(directory.resolve("ca"), Map.of());
        configFile = worker.writeConfigFile(directory);
    }

    @AfterAll
    static void stop() {
        worker.close();
    }

    @Test
    void usersPutThenRequestPrintsAtlasBodyTheCertificateThenItsKey() throws Exception {
        Run put = run(null, "users", "put", "--groupId", GROUP, "--username", "alice", "--config", configFile.toString());
        assertThat(put.exitCode).as(put.err).isZero();
        assertThat(put.out).contains("\"x509Type\":\"MANAGED\"", "\"databaseName\":\"$external\"");

        Run request = run("{\"monthsUntilExpiration\": 12}", "request", "--groupId", GROUP, "--username", "alice",
                "--config", configFile.toString(), "--timeout", "60");

        assertThat(request.exitCode).as(request.err).isZero();
        assertThat(request.out).startsWith("-----BEGIN CERTIFICATE-----\n")
                .contains("-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Pems.certificates(request.out).get(0).getSubjectX500Principal().getName()).isEqualTo("CN=alice");
    }

    @Test
    void requestWritesAnOutputFileOnlyItsOwnerCanRead() throws Exception {
        run(null, "users", "put", "--groupId", GROUP, "--username", "ivan", "--config", configFile.toString());
        Path body = Files.writeString(directory.resolve("body.json"), "{\"monthsUntilExpiration\": 1}");
        Path pem = directory.resolve("ivan.pem");

        Run request = run(null, "request", "--groupId", GROUP, "--username", "ivan", "--file", body.toString(),
                "--output-file", pem.toString(), "--config", configFile.toString());

        assertThat(request.exitCode).as(request.err).isZero();
        assertThat(request.out).isEmpty();
        assertThat(Files.readString(pem)).contains("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pem))).isEqualTo("rw-------");
    }

    @Test
    void requestWithOutputEventPrintsTheWholeEventWithTheCaChain() throws Exception {
        run(null, "users", "put", "--groupId", GROUP, "--username", "judy", "--config", configFile.toString());

        Run request = run("", "request", "--groupId", GROUP, "--username", "judy", "--output", "event", "--pretty",
                "--request-id", "judy-1", "--config", configFile.toString());

        assertThat(request.exitCode).as(request.err).isZero();
        CertificateIssued issued = EventCodec.instance().decode(request.out.getBytes(StandardCharsets.UTF_8),
                CertificateIssued.class);
        assertThat(issued.requestId()).isEqualTo("judy-1");
        assertThat(request.out).contains("\n  \"requestId\"");
        Pems.verifyChain(Pems.certificates(issued.pem()).get(0), issued.caCertificatePem(), new Date());
    }

    @Test
    void anAtlasErrorIsPrintedAsItsEnvelopeOnStandardErrorWithExitCodeOne() throws Exception {
        Run request = run("{\"monthsUntilExpiration\": 36}", "request", "--groupId", GROUP, "--username", "alice",
                "--config", configFile.toString());

        assertThat(request.exitCode).isEqualTo(1);
        assertThat(request.out).isEmpty();
        JsonNode envelope = new ObjectMapper().readTree(request.err);
        assertThat(envelope.get("error").asInt()).isEqualTo(400);
        assertThat(envelope.get("errorCode").asText()).isEqualTo("CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS");
        assertThat(envelope.get("reason").asText()).isEqualTo("Bad Request");
        assertThat(envelope.has("requestId")).as("only Atlas's fields").isFalse();
    }

    @Test
    void theRequestBodyIsMergedSoItsMistakesAreReportedByTheWorker() throws Exception {
        Run request = run("{\"monthsUntilExpiration\": \"many\"}", "request", "--groupId", GROUP, "--username", "alice",
                "--config", configFile.toString());

        assertThat(request.exitCode).isEqualTo(1);
        assertThat(request.err).contains("INVALID_ATTRIBUTE", "monthsUntilExpiration must be an integer");
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsAUsageError() {
        Run request = run("[12]", "request", "--groupId", GROUP, "--username", "alice", "--config", configFile.toString());

        assertThat(request.exitCode).isEqualTo(2);
        assertThat(request.err).contains("must be a JSON object");
    }

    @Test
    void usersDeleteWritesATombstone() throws Exception {
        Run delete = run(null, "users", "delete", "--groupId", GROUP, "--username", "zed", "--config", configFile.toString());

        assertThat(delete.exitCode).as(delete.err).isZero();
        ConsumerRecord<byte[], byte[]> tombstone = worker.read(worker.topics().users(), Integer.MAX_VALUE,
                        Duration.ofSeconds(3)).stream()
                .filter(record -> new String(record.key(), StandardCharsets.UTF_8).equals(Topics.key(GROUP, "zed")))
                .findFirst().orElseThrow();
        assertThat(tombstone.value()).isNull();
    }

    @Test
    void usersPutRefusesAMalformedGroupIdWithAtlasEnvelope() throws Exception {
        Run put = run(null, "users", "put", "--groupId", "XYZ", "--username", "alice", "--config", configFile.toString());

        assertThat(put.exitCode).isEqualTo(1);
        JsonNode envelope = new ObjectMapper().readTree(put.err);
        assertThat(envelope.get("errorCode").asText()).isEqualTo("INVALID_GROUP_ID");
        assertThat(envelope.get("detail").asText()).isEqualTo("An invalid group ID XYZ was specified.");
    }

    @Test
    void requestGivesUpWithExitCodeThreeWhenNoWorkerAnswers() throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(worker.settings());
        settings.put(WorkerConfig.TOPIC_REQUESTS, worker.topics().deadLetters()); // nobody consumes that as requests
        java.util.Properties properties = new java.util.Properties();
        properties.putAll(settings);
        Path unanswered = directory.resolve("unanswered.properties");
        try (var out = Files.newBufferedWriter(unanswered)) {
            properties.store(out, null);
        }

        Run request = run("", "request", "--groupId", GROUP, "--username", "alice", "--timeout", "2",
                "--config", unanswered.toString());

        assertThat(request.exitCode).isEqualTo(3);
        assertThat(request.err).contains("No answer to request");
    }

    @Test
    void configPrintsTheConfigurationReference() {
        Run config = run(null, "config");

        assertThat(config.exitCode).isZero();
        assertThat(config.out).isEqualTo(WorkerConfig.markdownTable());
    }

    @Test
    void everyCommandExplainsItselfWithAnExample() {
        for (String[] command : new String[][] {{"run"}, {"dev"}, {"request"}, {"users", "put"}, {"users", "delete"}}) {
            String[] arguments = java.util.Arrays.copyOf(command, command.length + 1);
            arguments[command.length] = "--help";
            Run help = run(null, arguments);
            assertThat(help.exitCode).as(String.join(" ", command)).isZero();
            assertThat(help.out).contains("Usage:", "Example");
        }
    }

    private static Run run(String stdin, String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CertWorkerCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        if (arguments.length > 0 && arguments[0].equals("request")) {
            RequestCommand request = commandLine.getSubcommands().get("request").getCommand();
            request.interactive = stdin == null;
            request.input = new ByteArrayInputStream(stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8));
        }
        int exitCode = commandLine.execute(arguments);
        return new Run(exitCode, out.toString(), err.toString());
    }

    record Run(int exitCode, String out, String err) {
    }

}
