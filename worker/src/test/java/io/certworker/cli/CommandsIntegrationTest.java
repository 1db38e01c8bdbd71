package io.certworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
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
        assertThat(request.err).contains("No answer to request", "fetch its answer later with:",
                "request --groupId " + GROUP + " --username alice --request-id ", "--config " + unanswered);
    }

    @Test
    void aRequestIdAnsweredBeforeGetsItsOriginalCertificateAndKeyAgainAlsoAfterARestart() throws Exception {
        run(null, "users", "put", "--groupId", GROUP, "--username", "kate", "--config", configFile.toString());
        Run first = run("{\"monthsUntilExpiration\": 2}", "request", "--groupId", GROUP, "--username", "kate",
                "--request-id", "kate-1", "--config", configFile.toString());
        assertThat(first.exitCode).as(first.err).isZero();

        Run again = run("{\"monthsUntilExpiration\": 2}", "request", "--groupId", GROUP, "--username", "kate",
                "--request-id", "kate-1", "--config", configFile.toString());
        worker.stopWorker();
        worker.startWorker(); // the answered state is read back from the topic
        Run afterRestart = run("", "request", "--groupId", GROUP, "--username", "kate", "--request-id", "kate-1",
                "--output", "event", "--config", configFile.toString());

        assertThat(again.exitCode).as(again.err).isZero();
        assertThat(again.out).as("the same certificate and the same key").isEqualTo(first.out);
        assertThat(afterRestart.exitCode).as(afterRestart.err).isZero();
        CertificateIssued event = EventCodec.instance().decode(afterRestart.out.getBytes(StandardCharsets.UTF_8),
                CertificateIssued.class);
        assertThat(event.pem()).isEqualTo(first.out);
        assertThat(event.serialNumber()).isEqualTo(Pems.certificates(first.out).get(0).getSerialNumber().toString());
        assertThat(signatures("kate-1")).as("minted once").hasSize(1);
        assertThat(worker.readAll(worker.topics().issued())).as("one issued event").filteredOn(record ->
                "kate-1".equals(io.certworker.testing.TopicCollector.field(record, "requestId"))).hasSize(1);
    }

    @Test
    void anAnsweredRequestWhoseIssuedEventIsGoneSaysSoWithItsSerialAndExitCodeFour() throws Exception {
        TestWorker own = TestWorker.start(directory.resolve("gone-ca"), Map.of());
        try {
            Path config = own.writeConfigFile(directory);
            own.putUser(GROUP, "gina", X509Type.MANAGED);
            Run first = run("", "request", "--groupId", GROUP, "--username", "gina", "--request-id", "gina-1",
                    "--config", config.toString());
            assertThat(first.exitCode).as(first.err).isZero();
            String serial = Pems.certificates(first.out).get(0).getSerialNumber().toString();
            try (Admin admin = own.clients().admin()) {
                // what the issued topic's retention does, at once
                Map<TopicPartition, RecordsToDelete> everything = new java.util.HashMap<>();
                for (int partition = 0; partition < 3; partition++) {
                    everything.put(new TopicPartition(own.topics().issued(), partition),
                            RecordsToDelete.beforeOffset(-1)); // -1: up to the high watermark
                }
                admin.deleteRecords(everything).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }

            Run again = run("", "request", "--groupId", GROUP, "--username", "gina", "--request-id", "gina-1",
                    "--config", config.toString());

            assertThat(again.exitCode).isEqualTo(4);
            assertThat(again.out).isEmpty();
            assertThat(again.err.lines()).hasSize(1).first().asString()
                    .contains("gina-1", serial, "no longer holds it");
        } finally {
            own.close();
        }
    }

    @Test
    void anOutputFileThatCannotBeCreatedIsAUsageErrorAndNothingIsSentOrMinted() throws Exception {
        List<String> signedBefore = signatures("");
        Path unwritable = directory.resolve("no-such-folder").resolve("x.pem");

        Run request = run("", "request", "--groupId", GROUP, "--username", "alice", "--request-id", "unwritable-1",
                "--output-file", unwritable.toString(), "--config", configFile.toString());

        assertThat(request.exitCode).isEqualTo(2);
        assertThat(request.err.lines()).hasSize(1).first().asString()
                .contains("--output-file", "no such directory", unwritable.getParent().toString());
        assertThat(requestsSent("unwritable-1")).as("nothing sent").isEmpty();
        assertThat(signatures("")).as("nothing minted").isEqualTo(signedBefore);
    }

    @Test
    void everyLocalMistakeIsAUsageErrorBeforeAnythingIsSent() throws Exception {
        Path notJson = Files.writeString(directory.resolve("not-json.txt"), "months: 12");
        List<String[]> mistakes = List.of(
                new String[] {"--timeout", "0"},
                new String[] {"--file", directory.resolve("missing.json").toString()},
                new String[] {"--file", notJson.toString()},
                new String[] {"--file", directory.toString()},
                new String[] {"--output", "yaml"},
                new String[] {"--monthsUntilExpiration", "6", "--file", Files.writeString(directory.resolve("m12.json"),
                        "{\"monthsUntilExpiration\": 12}").toString()},
                new String[] {"--config", directory.resolve("missing.properties").toString()});
        for (String[] mistake : mistakes) {
            List<String> arguments = new java.util.ArrayList<>(List.of("request", "--groupId", GROUP, "--username",
                    "alice", "--request-id", "mistake-1"));
            arguments.addAll(List.of(mistake));
            if (!mistake[0].equals("--config")) {
                arguments.addAll(List.of("--config", configFile.toString()));
            }

            Run request = run("", arguments.toArray(String[]::new));

            assertThat(request.exitCode).as(String.join(" ", mistake) + ": " + request.err).isEqualTo(2);
            assertThat(request.err.lines()).as(String.join(" ", mistake)).hasSize(1);
            assertThat(request.err).doesNotContain("\tat ");
        }
        assertThat(requestsSent("mistake-1")).as("nothing sent").isEmpty();
    }

    @Test
    void anUnreadableCasFileIsAUsageError() {
        Run set = run(null, "customer-x509", "set", "--groupId", GROUP, "--cas-file",
                directory.resolve("no-ca.pem").toString(), "--config", configFile.toString());

        assertThat(set.exitCode).isEqualTo(2);
        assertThat(set.err.lines()).hasSize(1).first().asString().contains("--cas-file", "no such file");
    }

    @Test
    void monthsUntilExpirationCanBeGivenAsAnOption() throws Exception {
        run(null, "users", "put", "--groupId", GROUP, "--username", "mona", "--config", configFile.toString());
        Run request = run(null, "request", "--groupId", GROUP, "--username", "mona", "--monthsUntilExpiration", "2",
                "--config", configFile.toString());

        assertThat(request.exitCode).as(request.err).isZero();
        java.security.cert.X509Certificate certificate = Pems.certificates(request.out).get(0);
        java.time.Instant notAfter = certificate.getNotAfter().toInstant();
        assertThat(notAfter).isBetween(java.time.Instant.now().plus(java.time.Duration.ofDays(58)),
                java.time.Instant.now().plus(java.time.Duration.ofDays(63)));
    }

    @Test
    void certsCaPrintsTheChainEveryIssuedEventCarries() throws Exception {
        run(null, "users", "put", "--groupId", GROUP, "--username", "carl", "--config", configFile.toString());
        Run event = run("", "request", "--groupId", GROUP, "--username", "carl", "--output", "event",
                "--config", configFile.toString());
        CertificateIssued issued = EventCodec.instance().decode(event.out.getBytes(StandardCharsets.UTF_8),
                CertificateIssued.class);

        Run ca = run(null, "certs", "ca", "--groupId", GROUP, "--config", configFile.toString());
        Run none = run(null, "certs", "ca", "--groupId", "5efda6aea3f2ed2e7dd6ce99", "--config", configFile.toString());

        assertThat(ca.exitCode).as(ca.err).isZero();
        assertThat(ca.out).isEqualTo(issued.caCertificatePem());
        assertThat(ca.out).doesNotContain("PRIVATE KEY");
        assertThat(none.exitCode).isEqualTo(1);
        JsonNode envelope = new ObjectMapper().readTree(none.err);
        assertThat(envelope.get("error").asInt()).isEqualTo(404);
        assertThat(envelope.get("errorCode").asText()).isEqualTo("PROJECT_CA_NOT_FOUND");
    }

    @Test
    void certsCaReadsTheKafkaCaStoreToo() throws Exception {
        try (TestWorker shared = TestWorker.start(directory.resolve("kafka-ca"),
                Map.of(WorkerConfig.CA_STORE, WorkerConfig.CA_STORE_KAFKA))) {
            Path config = shared.writeConfigFile(directory);
            shared.putUser(GROUP, "kim", X509Type.MANAGED);
            Run event = run("", "request", "--groupId", GROUP, "--username", "kim", "--output", "event",
                    "--config", config.toString());
            assertThat(event.exitCode).as(event.err).isZero();

            Run ca = run(null, "certs", "ca", "--groupId", GROUP, "--config", config.toString());

            assertThat(ca.exitCode).as(ca.err).isZero();
            assertThat(ca.out).isEqualTo(EventCodec.instance().decode(event.out.getBytes(StandardCharsets.UTF_8),
                    CertificateIssued.class).caCertificatePem());
            assertThat(Files.exists(directory.resolve("kafka-ca").resolve("groups").resolve(GROUP)))
                    .as("not from a file").isFalse();
        }
    }

    @Test
    void aMissingTopicIsToldApartFromAnUnreachableBroker() throws Exception {
        java.util.Properties properties = new java.util.Properties();
        properties.putAll(worker.settings());
        properties.put(WorkerConfig.TOPIC_USERS, "no-such-users-topic");
        Path noTopic = directory.resolve("no-topic.properties");
        try (var out = Files.newBufferedWriter(noTopic)) {
            properties.store(out, null);
        }

        Run show = run(null, "users", "show", "--groupId", GROUP, "--username", "alice", "--config", noTopic.toString());
        Run put = run(null, "users", "put", "--groupId", GROUP, "--username", "alice", "--config", noTopic.toString());

        for (Run missing : List.of(show, put)) {
            assertThat(missing.exitCode).as(missing.err).isEqualTo(2);
            assertThat(missing.err.lines()).hasSize(1).first().asString()
                    .contains("no-such-users-topic does not exist on " + worker.settings().get("bootstrap.servers"));
        }
        try (Admin admin = worker.clients().admin()) {
            assertThat(admin.listTopics().names().get()).as("not created by asking").doesNotContain("no-such-users-topic");
        }
    }

    @Test
    void anUnreachableBrokerIsOneLineNamingItWithinTheTimeout() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        for (String[] command : new String[][] {
                {"request", "--groupId", GROUP, "--username", "alice"},
                {"users", "put", "--groupId", GROUP, "--username", "alice"},
                {"users", "list", "--groupId", GROUP},
                {"certs", "list", "--groupId", GROUP, "--username", "alice"},
                {"customer-x509", "show", "--groupId", GROUP}}) {
            List<String> arguments = new java.util.ArrayList<>(List.of(command));
            arguments.addAll(List.of("--bootstrap-servers", address, "--timeout", "2"));

            Run run = run("", arguments.toArray(String[]::new));

            assertThat(run.exitCode).as(String.join(" ", command) + ": " + run.err).isEqualTo(3);
            assertThat(run.err.lines()).as(String.join(" ", command)).hasSize(1).first().asString()
                    .contains("Kafka is not reachable at " + address, "connection refused", "within 2 s");
        }
    }

    @Test
    void configPrintsTheConfigurationReference() {
        Run config = run(null, "config");

        assertThat(config.exitCode).isZero();
        assertThat(config.out).isEqualTo(WorkerConfig.markdownTable());
    }

    @Test
    void everyCommandExplainsItselfWithAnExample() {
        for (String[] command : new String[][] {{"run"}, {"dev"}, {"request"}, {"users", "put"}, {"users", "delete"},
                {"certs", "ca"}, {"certs", "list"}, {"customer-x509", "set"}, {"bench"}}) {
            String[] arguments = java.util.Arrays.copyOf(command, command.length + 1);
            arguments[command.length] = "--help";
            Run help = run(null, arguments);
            assertThat(help.exitCode).as(String.join(" ", command)).isZero();
            assertThat(help.out).as(String.join(" ", command)).contains("Usage:", "Example", "Exit codes:",
                    "Refused: Atlas's error envelope", "No answer in time", "Interrupted (Ctrl-C)");
        }
    }

    @Test
    void aMistypedOptionIsOneLineWithASuggestion() {
        Run request = run("", "request", "--groupId", GROUP, "--username", "alice", "--requestId", "r-1");

        assertThat(request.exitCode).isEqualTo(2);
        assertThat(request.err.lines()).hasSize(1).first().asString()
                .contains("Unknown option", "--requestId", "--request-id", "cert-worker request --help");
    }

    /** What the CA signed for requests whose id starts with {@code prefix}: the lines of its signature log. */
    private static List<String> signatures(String prefix) throws Exception {
        Path log = worker.caDirectory().resolve("signatures.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log).stream().filter(line -> prefix.isEmpty() || line.contains(prefix)).toList();
    }

    private static List<ConsumerRecord<byte[], byte[]>> requestsSent(String requestId) {
        return worker.readAll(worker.topics().requests()).stream()
                .filter(record -> record.value() != null
                        && new String(record.value(), StandardCharsets.UTF_8).contains("\"" + requestId + "\""))
                .toList();
    }

    private static Run run(String stdin, String... arguments) {
        // Commands set log levels for the whole JVM; other tests in this fork keep theirs.
        ch.qos.logback.classic.LoggerContext context =
                (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        Map<String, ch.qos.logback.classic.Level> levels = new java.util.HashMap<>();
        for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "org.apache.kafka", "kafka",
                "state.change.logger")) {
            levels.put(name, context.getLogger(name).getLevel());
        }
        try {
            return runCommand(stdin, arguments);
        } finally {
            levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
        }
    }

    private static Run runCommand(String stdin, String... arguments) {
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
