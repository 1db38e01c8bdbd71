package io.certworker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.contracts.CertificateFailed;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.DeadLetterHeaders;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.FieldError;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.testing.EventSchemas;
import io.certworker.testing.Pems;
import io.certworker.testing.TestWorker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The worker end to end over a real Kafka broker: requests in, one outcome each out. */
class WorkerIntegrationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final String EMPTY_GROUP = "aaaaaaaaaaaaaaaaaaaaaaaa";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path caDirectory;
    static TestWorker worker;

    @BeforeAll
    static void startWorker() throws Exception {
        worker = TestWorker.start(caDirectory, Map.of());
        worker.putUser(GROUP, "alice", X509Type.MANAGED);
        worker.putUser(GROUP, "bob", X509Type.NONE);
        worker.putUser(GROUP, "carol", X509Type.CUSTOMER);
        worker.putUser(GROUP, "eve,O=Evil", X509Type.MANAGED);
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
    }

    @Test
    void aValidRequestYieldsOneIssuedEventWhosePemVerifiesAgainstItsCaChain() throws Exception {
        String requestId = UUID.randomUUID().toString();
        worker.sendRequest(Topics.key(GROUP, "alice"), request(requestId, GROUP, "alice", "12"));

        ConsumerRecord<byte[], byte[]> record = outcome(requestId);
        assertThat(record.topic()).isEqualTo(worker.topics().issued());
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(GROUP + "/alice");
        assertThat(EventSchemas.violations(EventSchemas.ISSUED, record.value())).isEmpty();

        CertificateIssued issued = EventCodec.instance().decode(record.value(), CertificateIssued.class);
        assertThat(issued.issuer()).isEqualTo("internal-ca");
        assertThat(issued.subject()).isEqualTo("CN=alice");
        assertThat(issued.createdAt()).isEqualTo(issued.notBefore());
        assertThat(issued.pem()).startsWith("-----BEGIN CERTIFICATE-----\n")
                .contains("-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");

        X509Certificate leaf = Pems.certificates(issued.pem()).get(0);
        Pems.verifyChain(leaf, issued.caCertificatePem(), new Date());
        assertThat(leaf.getSerialNumber().toString()).isEqualTo(issued.serialNumber());
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(issued.notAfter());
        assertThat(Duration.between(Instant.now(), issued.notAfter()).toDays()).isBetween(364L, 366L);
        assertThat(Pems.certificates(issued.caCertificatePem())).hasSize(2);
        assertThat(Pems.certificates(issued.caCertificatePem()).get(0).getSubjectX500Principal().getName())
                .isEqualTo("O=cert-worker,OU=cert-worker,CN=" + GROUP); // RFC 2253 text lists the last RDN first
    }

    @Test
    void aUsernameThatLooksLikeADistinguishedNameStaysOneCommonName() throws Exception {
        String requestId = UUID.randomUUID().toString();
        worker.sendRequest(Topics.key(GROUP, "eve,O=Evil"), request(requestId, GROUP, "eve,O=Evil", null));

        CertificateIssued issued = EventCodec.instance().decode(outcome(requestId).value(), CertificateIssued.class);
        X509Certificate leaf = Pems.certificates(issued.pem()).get(0);
        javax.naming.ldap.LdapName name = new javax.naming.ldap.LdapName(leaf.getSubjectX500Principal().getName());
        assertThat(name.getRdns()).hasSize(1);
        assertThat(name.getRdns().get(0).getType()).isEqualTo("CN");
        assertThat(name.getRdns().get(0).getValue()).isEqualTo("eve,O=Evil");
        assertThat(Duration.between(Instant.now(), issued.notAfter()).toDays()).isBetween(88L, 93L);
    }

    static Stream<Arguments> refusals() {
        String longName = "x".repeat(1025);
        return Stream.of(
                Arguments.of("months above 24", request(null, GROUP, "alice", "25"), 400,
                        "CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS",
                        "Atlas-generated X.509 certificates have a maximum expiration of 24 months.",
                        List.of("monthsUntilExpiration")),
                Arguments.of("months below 1", request(null, GROUP, "alice", "0"), 400, "INVALID_ATTRIBUTE",
                        "Invalid attribute monthsUntilExpiration specified.", List.of("monthsUntilExpiration")),
                Arguments.of("months not an integer", request(null, GROUP, "alice", "\"twelve\""), 400,
                        "INVALID_ATTRIBUTE", "Invalid attribute monthsUntilExpiration specified.",
                        List.of("monthsUntilExpiration")),
                Arguments.of("months a fraction", request(null, GROUP, "alice", "2.5"), 400, "INVALID_ATTRIBUTE",
                        "Invalid attribute monthsUntilExpiration specified.", List.of("monthsUntilExpiration")),
                Arguments.of("username missing", "{\"groupId\":\"" + GROUP + "\"}", 400, "MISSING_ATTRIBUTE",
                        "The required attribute username was not specified.", List.of("username")),
                Arguments.of("username empty", request(null, GROUP, "", null), 400, "INVALID_ATTRIBUTE",
                        "Invalid attribute username specified.", List.of("username")),
                Arguments.of("username too long", request(null, GROUP, longName, null), 400, "INVALID_ATTRIBUTE",
                        "Invalid attribute username specified.", List.of("username")),
                Arguments.of("several problems at once", request(null, GROUP, "", "0"), 400, "VALIDATION_ERROR",
                        "The request content produced the validation error: username must not be empty; "
                                + "monthsUntilExpiration must be at least 1.",
                        List.of("username", "monthsUntilExpiration")),
                Arguments.of("malformed groupId", request(null, "5EFDA6", "alice", "30"), 404, "INVALID_GROUP_ID",
                        "An invalid group ID 5EFDA6 was specified.", List.of("groupId", "monthsUntilExpiration")),
                Arguments.of("unknown user", request(null, GROUP, "mallory", null), 404, "USERNAME_NOT_FOUND",
                        "No user with username mallory exists.", List.of()),
                Arguments.of("unknown group", request(null, EMPTY_GROUP, "alice", null), 404, "GROUP_NOT_FOUND",
                        "No group with ID " + EMPTY_GROUP + " exists.", List.of()),
                Arguments.of("user without X.509", request(null, GROUP, "bob", null), 400, "USER_NOT_MANAGED_X509",
                        "The user does not have managed mode X509 enabled.", List.of()),
                Arguments.of("self-managed X.509 user", request(null, GROUP, "carol", null), 400,
                        "USER_NOT_MANAGED_X509", "The user does not have managed mode X509 enabled.", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void eachRefusalIsAnsweredWithAtlasStatusCodeAndText(String situation, String json, int status, String errorCode,
                                                       String detail, List<String> fields) throws Exception {
        String requestId = UUID.randomUUID().toString();
        ObjectMapper mapper = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(json);
        body.put("requestId", requestId);
        worker.sendRequest("some/key", mapper.writeValueAsString(body));

        ConsumerRecord<byte[], byte[]> record = outcome(requestId);
        assertThat(record.topic()).isEqualTo(worker.topics().failed());
        assertThat(EventSchemas.violations(EventSchemas.FAILED, record.value())).isEmpty();
        CertificateFailed failed = EventCodec.instance().decode(record.value(), CertificateFailed.class);
        assertThat(failed.error()).isEqualTo(status);
        assertThat(failed.errorCode()).isEqualTo(errorCode);
        assertThat(failed.detail()).isEqualTo(detail);
        assertThat(failed.reason()).isEqualTo(status == 400 ? "Bad Request" : "Not Found");
        assertThat(failed.retryable()).isFalse();
        List<String> reported = failed.badRequestDetail() == null ? List.of()
                : failed.badRequestDetail().fields().stream().map(FieldError::field).toList();
        assertThat(reported).containsExactlyElementsOf(fields);
    }

    @Test
    void recordsThatAreNotRequestsAreDeadLetteredAndTheNextRequestStillSucceeds() throws Exception {
        Map<String, byte[]> garbage = new HashMap<>();
        garbage.put("garbage/not-json", "certificate please".getBytes(StandardCharsets.UTF_8));
        garbage.put("garbage/array", "[1,2,3]".getBytes(StandardCharsets.UTF_8));
        garbage.put("garbage/string", "\"alice\"".getBytes(StandardCharsets.UTF_8));
        garbage.put("garbage/empty", new byte[0]);
        garbage.put("garbage/trailing", "{\"groupId\":\"x\"} {}".getBytes(StandardCharsets.UTF_8));
        garbage.put("garbage/binary", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        for (Map.Entry<String, byte[]> entry : garbage.entrySet()) {
            worker.sendRequest(entry.getKey(), entry.getValue());
        }
        worker.sendRequest("garbage/null", (byte[]) null);
        String requestId = UUID.randomUUID().toString();
        worker.sendRequest(Topics.key(GROUP, "alice"), request(requestId, GROUP, "alice", null));

        assertThat(outcome(requestId).topic()).isEqualTo(worker.topics().issued());
        List<ConsumerRecord<byte[], byte[]>> deadLetters = worker.published().records(worker.topics().deadLetters())
                .stream().filter(record -> new String(record.key(), StandardCharsets.UTF_8).startsWith("garbage/"))
                .toList();
        assertThat(deadLetters).hasSize(7);
        for (ConsumerRecord<byte[], byte[]> deadLetter : deadLetters) {
            String key = new String(deadLetter.key(), StandardCharsets.UTF_8);
            if (key.equals("garbage/null")) {
                assertThat(deadLetter.value()).isNull();
            } else {
                assertThat(deadLetter.value()).isEqualTo(garbage.get(key));
            }
            assertThat(header(deadLetter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(worker.topics().requests());
            assertThat(header(deadLetter, DeadLetterHeaders.SOURCE_PARTITION)).matches("\\d+");
            assertThat(header(deadLetter, DeadLetterHeaders.SOURCE_OFFSET)).matches("\\d+");
            assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isNotBlank();
        }
        assertThat(deadLetters).anySatisfy(deadLetter -> assertThat(header(deadLetter, DeadLetterHeaders.REASON))
                .isEqualTo("value is a JSON array, not an object"));
    }

    @Test
    void aRequestWithoutARequestIdIsAnsweredUnderOneDerivedFromWhereItWasRead() throws Exception {
        String username = "nobody-" + UUID.randomUUID();
        worker.sendRequest(Topics.key(GROUP, username), request(null, GROUP, username, null));

        List<ConsumerRecord<byte[], byte[]>> failed = awaitRecords(worker.topics().failed(),
                record -> username.equals(field(record, "username")));
        String requestId = field(failed.get(0), "requestId");
        assertThat(requestId).matches(java.util.regex.Pattern.quote(worker.topics().requests()) + "-\\d+-\\d+");
    }

    @Test
    void aUserAddedAfterStartUpIsSeenByTheNextRequest() throws Exception {
        String username = "dave-" + UUID.randomUUID();
        worker.putUser(GROUP, username, X509Type.MANAGED);
        String requestId = UUID.randomUUID().toString();
        worker.sendRequest(Topics.key(GROUP, username), request(requestId, GROUP, username, "1"));

        assertThat(outcome(requestId).topic()).isEqualTo(worker.topics().issued());

        // A deletion reaches the directory a moment later (a found user is never waited for), so ask until it has.
        worker.deleteUser(GROUP, username);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String attempt = UUID.randomUUID().toString();
            worker.sendRequest(Topics.key(GROUP, username), request(attempt, GROUP, username, "1"));
            assertThat(field(outcome(attempt), "errorCode")).isEqualTo("USERNAME_NOT_FOUND");
        });
    }

    @Test
    void aRequestWithACsrGetsACertificateForItsKeyAndNoPrivateKeyTravels() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair keys = generator.generateKeyPair();
        String csr = io.certworker.issuance.ca.CsrFixtures.csr(keys, "alice");
        String requestId = UUID.randomUUID().toString();
        worker.sendRequest(Topics.key(GROUP, "alice"), JSON.writeValueAsString(Map.of("requestId", requestId,
                "groupId", GROUP, "username", "alice", "csr", csr)));

        ConsumerRecord<byte[], byte[]> record = outcome(requestId);

        assertThat(record.topic()).isEqualTo(worker.topics().issued());
        assertThat(EventSchemas.violations(EventSchemas.ISSUED, record.value())).isEmpty();
        CertificateIssued issued = EventCodec.instance().decode(record.value(), CertificateIssued.class);
        assertThat(issued.pem()).doesNotContain("PRIVATE KEY");
        X509Certificate leaf = Pems.certificates(issued.pem()).get(0);
        assertThat(leaf.getPublicKey()).isEqualTo(keys.getPublic());
        Pems.verifyChain(leaf, issued.caCertificatePem(), new Date());

        String refusedId = UUID.randomUUID().toString();
        worker.sendRequest(Topics.key(GROUP, "alice"), JSON.writeValueAsString(Map.of("requestId", refusedId,
                "groupId", GROUP, "username", "alice", "csr", io.certworker.issuance.ca.CsrFixtures.csr(keys, "bob"))));
        assertThat(field(outcome(refusedId), "errorCode")).isEqualTo("INVALID_ATTRIBUTE");
    }

    @Test
    void theRequestsTraceContextIsCarriedToItsOutcome() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        org.apache.kafka.common.header.internals.RecordHeaders headers =
                new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        headers.add("tracestate", "vendor=abc".getBytes(StandardCharsets.UTF_8));
        try (var producer = worker.clients().producer()) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(worker.topics().requests(), null, null,
                    Topics.key(GROUP, "alice").getBytes(StandardCharsets.UTF_8),
                    request(requestId, GROUP, "alice", null).getBytes(StandardCharsets.UTF_8), headers)).get();
        }

        ConsumerRecord<byte[], byte[]> outcome = outcome(requestId);

        assertThat(header(outcome, "traceparent")).isEqualTo(traceparent);
        assertThat(header(outcome, "tracestate")).isEqualTo("vendor=abc");
    }

    @Test
    void outcomesAndConsumedOffsetsAreCommittedTogether() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String requestId = UUID.randomUUID().toString();
            ids.add(requestId);
            worker.sendRequest(Topics.key(GROUP, "alice"), request(requestId, GROUP, "alice", null));
        }
        for (String id : ids) {
            outcome(id);
        }
        try (Admin admin = worker.clients().admin()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets(worker.settings().get("group.id"))
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, Long> ends = endOffsets(admin, committed.keySet());
                assertThat(committed).isNotEmpty();
                committed.forEach((partition, offset) -> assertThat(offset.offset()).isEqualTo(ends.get(partition)));
            });
        }
        List<ConsumerRecord<byte[], byte[]>> issued = worker.published().records(worker.topics().issued());
        for (String id : ids) {
            assertThat(issued.stream().filter(record -> id.equals(field(record, "requestId")))).hasSize(1);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, java.util.Set<TopicPartition> partitions)
            throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** A request's JSON; a null field is left out, {@code months} is inserted as raw JSON. */
    static String request(String requestId, String groupId, String username, String months) {
        StringBuilder json = new StringBuilder("{");
        if (requestId != null) {
            json.append("\"requestId\":\"").append(requestId).append("\",");
        }
        json.append("\"groupId\":\"").append(groupId).append("\",\"username\":")
                .append(quote(username));
        if (months != null) {
            json.append(",\"monthsUntilExpiration\":").append(months);
        }
        return json.append('}').toString();
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConsumerRecord<byte[], byte[]> outcome(String requestId) {
        return worker.outcome(requestId);
    }

    private static List<ConsumerRecord<byte[], byte[]>> awaitRecords(
            String topic, java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> filter) {
        return worker.published().await(record -> record.topic().equals(topic) && filter.test(record),
                Duration.ofSeconds(60));
    }

    static String field(ConsumerRecord<byte[], byte[]> record, String name) {
        try {
            JsonNode node = JSON.readTree(record.value());
            return node.hasNonNull(name) ? node.get(name).asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
