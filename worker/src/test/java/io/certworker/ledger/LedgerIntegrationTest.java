package io.certworker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.cli.CertWorkerCommand;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.testing.MutableClock;
import io.certworker.testing.TestWorker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The rest of Atlas's X.509 surface over a real broker: the ledger and Atlas's list answer, expiry, the project's
 * customer-managed X.509 mode, the per-user cap, and the commands for each.
 */
class LedgerIntegrationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path directory;
    static MutableClock clock = new MutableClock();
    static TestWorker worker;
    static Path config;

    @BeforeAll
    static void start() throws Exception {
        worker = TestWorker.start(directory.resolve("ca"), Map.of(WorkerConfig.MAX_CERTIFICATES_PER_USER, "3",
                WorkerConfig.LEDGER_SWEEP_INTERVAL_MS, "300"), clock);
        config = worker.writeConfigFile(directory);
        for (String user : List.of("alice", "bob", "carol", "dave")) {
            worker.putUser(GROUP, user, X509Type.MANAGED);
        }
    }

    @AfterAll
    static void stop() {
        worker.close();
    }

    @Test
    void issuedCertificatesAreListedLikeAtlasWithPagingAndExpiredOnesDisappearAndAreTombstoned() throws Exception {
        clock.shift(Duration.ofDays(-62)); // this one is issued for 1 month, two months ago: already expired
        CertificateIssued expired = issue("alice", 1);
        clock.shift(Duration.ZERO);
        CertificateIssued first = issue("alice", 1);
        CertificateIssued second = issue("alice", 2);

        JsonNode all = list("alice", "--itemsPerPage", "100");
        assertThat(all.get("totalCount").asInt()).isEqualTo(2);
        assertThat(all.get("results")).hasSize(2);
        assertThat(all.at("/results/0/_id").isNumber()).isTrue();
        // Oldest first; the two were issued within the same second, so their order between them is not fixed.
        assertThat(List.of(serial(all, 0), serial(all, 1)))
                .containsExactlyInAnyOrder(first.serialNumber(), second.serialNumber());
        JsonNode firstListed = serial(all, 0).equals(first.serialNumber()) ? all.at("/results/0") : all.at("/results/1");
        assertThat(firstListed.get("subject").asText()).isEqualTo("CN=alice");
        assertThat(firstListed.get("groupId").asText()).isEqualTo(GROUP);
        assertThat(firstListed.get("createdAt").asText()).isEqualTo(first.createdAt().toString());
        assertThat(firstListed.get("notAfter").asText()).isEqualTo(first.notAfter().toString());
        assertThat(all.at("/results/0/createdAt").asText()).isLessThanOrEqualTo(all.at("/results/1/createdAt").asText());
        assertThat(all.at("/links/0/rel").asText()).isEqualTo("self");
        assertThat(all.at("/links/0/href").asText()).isEqualTo("https://cloud.mongodb.com/api/atlas/v2/groups/" + GROUP
                + "/databaseUsers/alice/certs?includeCount=true&pageNum=1&itemsPerPage=100");

        JsonNode page1 = list("alice", "--itemsPerPage", "1");
        JsonNode page2 = list("alice", "--itemsPerPage", "1", "--pageNum", "2");
        JsonNode uncounted = list("alice", "--includeCount", "false");
        assertThat(page1.get("results")).hasSize(1);
        assertThat(page1.get("links").findValuesAsText("rel")).containsExactly("self", "next");
        assertThat(page2.get("results")).hasSize(1);
        assertThat(List.of(serial(page1, 0), serial(page2, 0))).containsExactly(serial(all, 0), serial(all, 1));
        assertThat(page2.get("links").findValuesAsText("rel")).containsExactly("self", "previous");
        assertThat(uncounted.has("totalCount")).isFalse();

        String expiredKey = Topics.ledgerKey(GROUP, "alice", new java.math.BigInteger(expired.serialNumber()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> worker.readAll(worker.topics().ledger()).stream()
                .anyMatch(record -> new String(record.key(), StandardCharsets.UTF_8).equals(expiredKey)
                        && record.value() == null));
        List<ConsumerRecord<byte[], byte[]>> ledger = worker.readAll(worker.topics().ledger());
        assertThat(ledger).allSatisfy(record -> assertThat(record.value() == null ? ""
                : new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("PRIVATE", "BEGIN"));
    }

    @Test
    void aProjectWithItsOwnCaGetsNoManagedCertificatesUntilItIsCleared() throws Exception {
        Path ca = directory.resolve("customer-ca.pem");
        Files.writeString(ca, issue("dave", 1).caCertificatePem()); // any CA certificate will do

        Run set = run("customer-x509", "set", "--groupId", GROUP, "--cas-file", ca.toString());
        assertThat(set.exitCode).as(set.err).isZero();
        assertThat(JSON.readTree(run("customer-x509", "show", "--groupId", GROUP).out).at("/customerX509/cas").asText())
                .startsWith("-----BEGIN CERTIFICATE-----");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(outcomeOf("dave", 1).path("errorCode").asText())
                        .isEqualTo("CANNOT_GENERATE_CERT_IF_ADVANCED_X509"));
        JsonNode refused = outcomeOf("dave", 1);
        assertThat(refused.get("error").asInt()).isEqualTo(400);
        assertThat(refused.get("detail").asText())
                .isEqualTo("The user cannot create managed X.509 certs if advanced mode is on.");

        Run clear = run("customer-x509", "clear", "--groupId", GROUP);
        assertThat(clear.exitCode).as(clear.err).isZero();
        assertThat(JSON.readTree(run("customer-x509", "show", "--groupId", GROUP).out).has("customerX509")).isFalse();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(outcomeOf("dave", 1).has("serialNumber")).isTrue());
    }

    @Test
    void theCapOnUnexpiredCertificatesHoldsEvenForABurst() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(send("carol", 1));
        }
        List<JsonNode> outcomes = new ArrayList<>();
        for (String id : ids) {
            outcomes.add(JSON.readTree(worker.outcome(id).value()));
        }
        assertThat(outcomes.stream().filter(outcome -> outcome.has("serialNumber"))).hasSize(3);
        assertThat(outcomes.stream().filter(outcome -> outcome.has("errorCode")))
                .hasSize(3)
                .allSatisfy(outcome -> {
                    assertThat(outcome.get("errorCode").asText()).isEqualTo("ATLAS_GENERATED_CERTS_LIMIT_EXCEEDED");
                    assertThat(outcome.get("detail").asText())
                            .isEqualTo("The limit on generated certificates per user has been reached.");
                });
        assertThat(list("carol").get("totalCount").asInt()).isEqualTo(3);
    }

    @Test
    void everyCommandsErrorPathPrintsAtlasEnvelopeAndExitsNonZero() throws Exception {
        assertEnvelope(run("certs", "list", "--groupId", "nope", "--username", "alice"), 404, "INVALID_GROUP_ID");
        assertEnvelope(run("certs", "list", "--groupId", GROUP, "--username", "alice", "--itemsPerPage", "501"), 400,
                "INVALID_QUERY_PARAMETER");
        assertEnvelope(run("certs", "list", "--groupId", GROUP, "--username", "alice", "--pageNum", "0"), 400,
                "INVALID_QUERY_PARAMETER");
        assertEnvelope(run("users", "show", "--groupId", GROUP, "--username", "nobody"), 404, "USERNAME_NOT_FOUND");
        assertEnvelope(run("users", "put", "--groupId", GROUP, "--username", "eve", "--databaseName", "admin"), 400,
                "INVALID_ATTRIBUTE");
        assertEnvelope(run("users", "put", "--groupId", GROUP, "--username", "not a dn", "--x509Type", "CUSTOMER"), 400,
                "ATLAS_INVALID_LDAP_NAME");
        assertEnvelope(run("users", "list", "--groupId", "XYZ"), 404, "INVALID_GROUP_ID");
        assertEnvelope(run("customer-x509", "show", "--groupId", "XYZ"), 404, "INVALID_GROUP_ID");
        Path notPem = Files.writeString(directory.resolve("not.pem"), "hello");
        assertEnvelope(run("customer-x509", "set", "--groupId", GROUP, "--cas-file", notPem.toString()), 400,
                "INVALID_ATTRIBUTE");
        assertThat(run("certs", "list", "--groupId", GROUP, "--username", "alice", "--output", "go-template").exitCode)
                .isEqualTo(2);
    }

    @Test
    void usersCanBePutShownListedAndDeleted() throws Exception {
        String group = "00000000000000000000000a";
        assertThat(run("users", "put", "--groupId", group, "--username", "CN=bob,OU=dev,O=Example", "--x509Type",
                "CUSTOMER").exitCode).isZero();
        assertThat(run("users", "put", "--groupId", group, "--username", "ann").exitCode).isZero();

        JsonNode shown = JSON.readTree(run("users", "show", "--groupId", group, "--username", "ann").out);
        assertThat(shown.get("x509Type").asText()).isEqualTo("MANAGED");
        assertThat(shown.get("databaseName").asText()).isEqualTo("$external");
        JsonNode listed = JSON.readTree(run("users", "list", "--groupId", group).out);
        assertThat(listed.get("totalCount").asInt()).isEqualTo(2);
        assertThat(listed.get("results").findValuesAsText("username")).containsExactly("CN=bob,OU=dev,O=Example", "ann");

        assertThat(run("users", "delete", "--groupId", group, "--username", "ann").exitCode).isZero();
        assertThat(JSON.readTree(run("users", "list", "--groupId", group).out).get("totalCount").asInt()).isEqualTo(1);
    }

    @Test
    void everyNewCommandExplainsItselfWithAnExample() {
        for (String[] command : new String[][] {{"certs", "list"}, {"customer-x509", "set"}, {"customer-x509", "show"},
                {"customer-x509", "clear"}, {"users", "show"}, {"users", "list"}}) {
            String[] arguments = java.util.Arrays.copyOf(command, command.length + 1);
            arguments[command.length] = "--help";
            Run help = run(arguments);
            assertThat(help.exitCode).as(String.join(" ", command)).isZero();
            assertThat(help.out).contains("Usage:", "Example");
        }
    }

    private static String serial(JsonNode page, int index) {
        return page.at("/results/" + index + "/_id").bigIntegerValue().toString();
    }

    private static void assertEnvelope(Run run, int status, String errorCode) throws Exception {
        assertThat(run.exitCode).as(run.err).isEqualTo(1);
        JsonNode envelope = JSON.readTree(run.err);
        assertThat(envelope.get("error").asInt()).isEqualTo(status);
        assertThat(envelope.get("errorCode").asText()).isEqualTo(errorCode);
        assertThat(envelope.has("reason")).isTrue();
    }

    private static CertificateIssued issue(String username, int months) throws Exception {
        ConsumerRecord<byte[], byte[]> outcome = worker.outcome(send(username, months));
        assertThat(outcome.topic()).isEqualTo(worker.topics().issued());
        return EventCodec.instance().decode(outcome.value(), CertificateIssued.class);
    }

    private static JsonNode outcomeOf(String username, int months) throws Exception {
        return JSON.readTree(worker.outcome(send(username, months)).value());
    }

    private static String send(String username, int months) throws Exception {
        String requestId = UUID.randomUUID().toString();
        worker.sendRequest(Topics.key(GROUP, username), JSON.writeValueAsString(Map.of("requestId", requestId,
                "groupId", GROUP, "username", username, "monthsUntilExpiration", months)));
        return requestId;
    }

    private static JsonNode list(String username, String... options) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("certs", "list", "--groupId", GROUP, "--username", username));
        arguments.addAll(List.of(options));
        Run run = run(arguments.toArray(String[]::new));
        assertThat(run.exitCode).as(run.err).isZero();
        return JSON.readTree(run.out);
    }

    private static Run run(String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        if (!List.of(arguments).contains("--help")) {
            all.add("--config");
            all.add(config.toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CertWorkerCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(all.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    record Run(int exitCode, String out, String err) {
    }

}
