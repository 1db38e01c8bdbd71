package io.certworker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certworker.contracts.CertificateFailed;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.CertificateRevoked;
import io.certworker.contracts.DeadLetterHeaders;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.LedgerEntry;
import io.certworker.contracts.SchemaVersion;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.testing.EventSchemas;
import io.certworker.testing.TestWorker;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Revocation requests over a real broker: each gets exactly one outcome, in the loop's transactions. */
class RevocationIntegrationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final String REVOKED_SCHEMA = "certificate-revoked.schema.json";

    @TempDir
    static Path directory;
    static Lifecycle lifecycle;

    @BeforeAll
    static void start() throws Exception {
        lifecycle = new Lifecycle(TestWorker.start(directory, Map.of()));
        for (String user : List.of("alice", "bob", "carol", "dave")) {
            lifecycle.worker.putUser(GROUP, user, X509Type.MANAGED);
        }
    }

    @AfterAll
    static void stop() {
        lifecycle.close();
    }

    @Test
    void aRevokedCertificateGetsOneRevokedEventItsLedgerEntrySaysSoAndAskingAgainAnswersTheOriginal()
            throws Exception {
        CertificateIssued issued = lifecycle.issue(GROUP, "alice", 3);
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        ConsumerRecord<byte[], byte[]> first = lifecycle.outcome(
                lifecycle.revoke(GROUP, "alice", issued.serialNumber(), "keyCompromise"));

        assertThat(first.topic()).isEqualTo(lifecycle.topics.revoked());
        assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo(GROUP + "/alice");
        assertThat(EventSchemas.violations(REVOKED_SCHEMA, first.value())).isEmpty();
        CertificateRevoked revoked = EventCodec.instance().decode(first.value(), CertificateRevoked.class);
        assertThat(revoked.serialNumber()).isEqualTo(issued.serialNumber());
        assertThat(revoked.reason()).isEqualTo("keyCompromise");
        assertThat(revoked.revokedAt()).isBetween(before, Instant.now());
        assertThat(revoked.revokedAt().getNano()).isZero();

        String key = Topics.ledgerKey(GROUP, "alice", new BigInteger(issued.serialNumber()));
        Awaitility.await().until(() -> ledgerEntry(key) != null && ledgerEntry(key).revoked());
        LedgerEntry entry = ledgerEntry(key);
        assertThat(entry.revokedAt()).isEqualTo(revoked.revokedAt());
        assertThat(entry.revocationReason()).isEqualTo("keyCompromise");
        assertThat(entry.issuer()).isEqualTo("internal-ca");

        ConsumerRecord<byte[], byte[]> again = lifecycle.outcome(
                lifecycle.revoke(GROUP, "alice", issued.serialNumber(), "superseded"));
        CertificateRevoked original = EventCodec.instance().decode(again.value(), CertificateRevoked.class);
        assertThat(original.revokedAt()).isEqualTo(revoked.revokedAt());
        assertThat(original.reason()).isEqualTo("keyCompromise");
    }

    @Test
    void aRevocationSentRightAfterItsCertificateAndTwiceInARowGetsOneRevocation() throws Exception {
        CertificateIssued issued = lifecycle.issue(GROUP, "bob", 1);
        String first = lifecycle.revoke(GROUP, "bob", issued.serialNumber(), null);
        String second = lifecycle.revoke(GROUP, "bob", issued.serialNumber(), "affiliationChanged");

        CertificateRevoked one = EventCodec.instance().decode(lifecycle.outcome(first).value(),
                CertificateRevoked.class);
        CertificateRevoked two = EventCodec.instance().decode(lifecycle.outcome(second).value(),
                CertificateRevoked.class);

        assertThat(one.reason()).isEqualTo("unspecified");
        assertThat(two.revokedAt()).isEqualTo(one.revokedAt());
        assertThat(two.reason()).isEqualTo("unspecified");
    }

    @Test
    void anUnknownSerialIsCertNotFoundAndAnUnknownProjectGroupNotFound() throws Exception {
        lifecycle.issue(GROUP, "carol", 1);

        CertificateFailed unknownSerial = failed(lifecycle.revoke(GROUP, "carol", "1111111111111111111", null));
        CertificateFailed unknownGroup = failed(lifecycle.revoke("0123456789abcdef01234567", "carol", "42", null));

        assertThat(unknownSerial.error()).isEqualTo(404);
        assertThat(unknownSerial.errorCode()).isEqualTo("CERT_NOT_FOUND");
        assertThat(unknownSerial.detail())
                .isEqualTo("No certificate with serial number 1111111111111111111 exists for user carol.");
        assertThat(unknownGroup.errorCode()).isEqualTo("GROUP_NOT_FOUND");
    }

    @Test
    void aCertificateIssuedThroughAtlasIsRefusedWithADetailSayingToDeleteTheUser() throws Exception {
        BigInteger serial = new BigInteger("1976722359483124370");
        LedgerEntry atlas = new LedgerEntry(SchemaVersion.CURRENT, serial, Instant.now(), GROUP,
                Instant.now().plusSeconds(86_400 * 30), "CN=dave", "atlas", null, null, null);
        lifecycle.worker.send(lifecycle.worker.topics().ledger(), Topics.ledgerKey(GROUP, "dave", serial),
                EventCodec.instance().encode(atlas));

        CertificateFailed refused = failed(lifecycle.revoke(GROUP, "dave", serial.toString(), null));

        assertThat(refused.error()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("CANNOT_REVOKE_ATLAS_CERT");
        assertThat(refused.detail()).contains("Atlas has no revocation", "Delete the database user");
        assertThat(refused.retryable()).isFalse();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("a serial that is not a number", "{\"groupId\":\"" + GROUP + "\",\"username\":\"alice\","
                        + "\"serialNumber\":\"0xdeadbeef\"}", "INVALID_ATTRIBUTE"),
                Arguments.of("a serial as a JSON number", "{\"groupId\":\"" + GROUP + "\",\"username\":\"alice\","
                        + "\"serialNumber\":12}", "INVALID_ATTRIBUTE"),
                Arguments.of("a huge reason", "{\"groupId\":\"" + GROUP + "\",\"username\":\"alice\","
                        + "\"serialNumber\":\"12\",\"reason\":\"" + "x".repeat(500_000) + "\"}", "INVALID_ATTRIBUTE"),
                Arguments.of("a reason that can be undone", "{\"groupId\":\"" + GROUP + "\",\"username\":\"alice\","
                        + "\"serialNumber\":\"12\",\"reason\":\"certificateHold\"}", "INVALID_ATTRIBUTE"),
                Arguments.of("a malformed project", "{\"groupId\":\"XYZ\",\"username\":\"alice\","
                        + "\"serialNumber\":\"12\"}", "INVALID_GROUP_ID"),
                Arguments.of("nothing at all", "{}", "VALIDATION_ERROR"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedRevocationGetsAClearErrorEventAndTheNextOneIsStillAnswered(String situation, String json,
                                                                             String errorCode) throws Exception {
        String requestId = java.util.UUID.randomUUID().toString();
        JsonNode body = Lifecycle.JSON.readTree(json);
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("requestId", requestId);
        lifecycle.send(Topics.key(GROUP, "alice"), Lifecycle.JSON.writeValueAsBytes(body));
        CertificateIssued next = lifecycle.issue(GROUP, "alice", 1);
        String nextRevocation = lifecycle.revoke(GROUP, "alice", next.serialNumber(), null);

        ConsumerRecord<byte[], byte[]> outcome = lifecycle.outcome(requestId);
        assertThat(outcome.topic()).isEqualTo(lifecycle.worker.topics().failed());
        assertThat(EventSchemas.violations(EventSchemas.FAILED, outcome.value())).isEmpty();
        assertThat(outcome.value().length).isLessThan(10_000);
        CertificateFailed failed = EventCodec.instance().decode(outcome.value(), CertificateFailed.class);
        assertThat(failed.errorCode()).isEqualTo(errorCode);
        assertThat(failed.badRequestDetail().fields()).isNotEmpty();
        assertThat(lifecycle.outcome(nextRevocation).topic()).isEqualTo(lifecycle.topics.revoked());
    }

    @Test
    void recordsThatAreNotRevocationsAreDeadLetteredWithTheirSourceAndTheNextIsStillAnswered() throws Exception {
        lifecycle.send("garbage/revocation", "revoke it please".getBytes(StandardCharsets.UTF_8));
        lifecycle.send("garbage/revocation-array", "[1]".getBytes(StandardCharsets.UTF_8));
        CertificateIssued next = lifecycle.issue(GROUP, "alice", 1);
        String nextRevocation = lifecycle.revoke(GROUP, "alice", next.serialNumber(), null);

        assertThat(lifecycle.outcome(nextRevocation).topic()).isEqualTo(lifecycle.topics.revoked());
        List<ConsumerRecord<byte[], byte[]>> deadLetters = lifecycle.collector
                .records(lifecycle.worker.topics().deadLetters()).stream()
                .filter(record -> new String(record.key(), StandardCharsets.UTF_8).startsWith("garbage/revocation"))
                .toList();
        assertThat(deadLetters).hasSize(2).allSatisfy(record -> {
            assertThat(header(record, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(lifecycle.topics.revocations());
            assertThat(header(record, DeadLetterHeaders.REASON)).isNotBlank();
        });
    }

    private static CertificateFailed failed(String requestId) throws InterruptedException {
        ConsumerRecord<byte[], byte[]> outcome = lifecycle.outcome(requestId);
        assertThat(outcome.topic()).isEqualTo(lifecycle.worker.topics().failed());
        return EventCodec.instance().decode(outcome.value(), CertificateFailed.class);
    }

    private static LedgerEntry ledgerEntry(String key) {
        LedgerEntry last = null;
        for (ConsumerRecord<byte[], byte[]> record : lifecycle.worker.readAll(lifecycle.worker.topics().ledger())) {
            if (new String(record.key(), StandardCharsets.UTF_8).equals(key) && record.value() != null) {
                last = EventCodec.instance().decode(record.value(), LedgerEntry.class);
            }
        }
        return last;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
