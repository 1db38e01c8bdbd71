package io.certworker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.contracts.CertificateExpiring;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.CertificateRevoked;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.LedgerEntry;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.testing.EventSchemas;
import io.certworker.testing.MutableClock;
import io.certworker.testing.TestWorker;
import io.certworker.testing.TopicCollector;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time passing, on a clock the test moves: expiry warnings (once per certificate, also across a restart), gauges of
 * certificates about to expire, renewals and the revocation of what they supersede after the grace period. Revocation
 * on user deletion is turned off here, and then nothing is revoked when a user goes.
 */
class ExpiryIntegrationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";

    @TempDir
    static Path directory;
    static MutableClock clock = new MutableClock();
    static Lifecycle lifecycle;

    @BeforeAll
    static void start() throws Exception {
        lifecycle = new Lifecycle(TestWorker.start(directory, Map.of("lifecycle.check.interval.ms", "300",
                "revoke.on.user.delete", "false", "revoke.superseded.after", "1d"), clock));
        for (String user : List.of("alice", "bob", "carol", "dave")) {
            lifecycle.worker.putUser(GROUP, user, X509Type.MANAGED);
        }
    }

    @AfterAll
    static void stop() {
        lifecycle.close();
    }

    @Test
    void timePassing() throws Exception {
        CertificateIssued month = lifecycle.issue(GROUP, "alice", 1);
        CertificateIssued year = lifecycle.issue(GROUP, "bob", 12);
        CertificateIssued renewed = lifecycle.issue(GROUP, "carol", 12);
        CertificateIssued renewal = lifecycle.issue(GROUP, "carol", 12, renewed.serialNumber());
        CertificateIssued dave = lifecycle.issue(GROUP, "dave", 12);

        // A renewal says what it renews, in its event and its ledger entry; nothing is superseded before the grace.
        assertThat(renewal.renewalOf()).isEqualTo(renewed.serialNumber());
        String renewalKey = Topics.ledgerKey(GROUP, "carol", new BigInteger(renewal.serialNumber()));
        Awaitility.await().until(() -> lifecycle.worker.readAll(lifecycle.worker.topics().ledger()).stream()
                .filter(record -> new String(record.key(), StandardCharsets.UTF_8).equals(renewalKey))
                .anyMatch(record -> renewed.serialNumber().equals(EventCodec.instance()
                        .decode(record.value(), LedgerEntry.class).renewalOf())));
        Thread.sleep(1500);
        assertThat(revokedEvents(renewed)).isEmpty();
        assertThat(expiringEvents()).isEmpty();

        // Two days later: the renewed certificate is revoked as superseded, the renewal is not.
        clock.shift(Duration.ofDays(2));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !revokedEvents(renewed).isEmpty());
        CertificateRevoked superseded = EventCodec.instance().decode(revokedEvents(renewed).get(0).value(),
                CertificateRevoked.class);
        assertThat(superseded.reason()).isEqualTo("superseded");
        assertThat(superseded.requestId()).startsWith("worker:superseded:");
        assertThat(revokedEvents(renewal)).isEmpty();

        // 21 days on, two thirds of the one-month certificate's life: its warning, and only its.
        clock.shift(Duration.ofDays(21));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !expiringEvents(month).isEmpty());
        ConsumerRecord<byte[], byte[]> warning = expiringEvents(month).get(0);
        assertThat(EventSchemas.violations("certificate-expiring.schema.json", warning.value())).isEmpty();
        assertThat(new String(warning.key(), StandardCharsets.UTF_8)).isEqualTo(GROUP + "/alice");
        CertificateExpiring expiring = EventCodec.instance().decode(warning.value(), CertificateExpiring.class);
        assertThat(expiring.notAfter()).isEqualTo(month.notAfter());
        assertThat(expiring.daysLeft()).isBetween(7, 10);
        assertThat(expiring.issuer()).isEqualTo("internal-ca");
        assertThat(expiringEvents(year)).isEmpty();
        assertThat(gauge("30d")).isEqualTo(1);
        assertThat(gauge("7d")).isZero();

        // A restart publishes no second warning.
        lifecycle.worker.stopWorker();
        lifecycle.worker.startWorker();
        Thread.sleep(3000);
        assertThat(expiringEvents(month)).hasSize(1);
        assertThat(crlEntry(renewed)).as("the restarted worker's CRL still lists the superseded certificate")
                .isNotNull();

        // With revoke.on.user.delete off, a deleted user keeps its certificates.
        lifecycle.worker.deleteUser(GROUP, "dave");
        Thread.sleep(3000);
        assertThat(revokedEvents(dave)).isEmpty();

        // A year on: the twelve-month certificates are warned of, each once.
        clock.shift(Duration.ofDays(23 + 320));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !expiringEvents(year).isEmpty());
        Thread.sleep(1500);
        assertThat(expiringEvents(year)).hasSize(1);
        assertThat(expiringEvents(month)).hasSize(1);
        assertThat(expiringEvents(renewed)).as("a revoked certificate gets no warning").isEmpty();
    }

    private static java.security.cert.X509CRLEntry crlEntry(CertificateIssued issued) throws Exception {
        byte[] der = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + lifecycle.worker.worker().metricsPort() + "/crl/" + GROUP)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        return PkiIntegrationTest.crl(der).getRevokedCertificate(new BigInteger(issued.serialNumber()));
    }

    private static long gauge(String within) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + lifecycle.worker.worker().metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("certworker_certificates_expiring{")
                        && line.contains("group_id=\"" + GROUP + "\"") && line.contains("within=\"" + within + "\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow();
    }

    private static List<ConsumerRecord<byte[], byte[]>> expiringEvents() {
        return lifecycle.collector.records(lifecycle.topics.expiring());
    }

    private static List<ConsumerRecord<byte[], byte[]>> expiringEvents(CertificateIssued issued) {
        return expiringEvents().stream()
                .filter(record -> issued.serialNumber().equals(TopicCollector.field(record, "serialNumber")))
                .toList();
    }

    private static List<ConsumerRecord<byte[], byte[]>> revokedEvents(CertificateIssued issued) {
        return lifecycle.collector.records(lifecycle.topics.revoked()).stream()
                .filter(record -> issued.serialNumber().equals(TopicCollector.field(record, "serialNumber")))
                .toList();
    }
}
