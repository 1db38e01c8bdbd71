package io.certworker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.CertificateRevoked;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.testing.TestWorker;
import io.certworker.testing.TopicCollector;
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

/**
 * A user deleted from db-users (a tombstone), or no longer MANAGED, has its certificates revoked, also one issued
 * while it was being deleted; once, across restarts.
 */
class RevokeOnDeleteIntegrationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";

    @TempDir
    static Path directory;
    static Lifecycle lifecycle;

    @BeforeAll
    static void start() throws Exception {
        lifecycle = new Lifecycle(TestWorker.start(directory, Map.of("lifecycle.check.interval.ms", "500")));
        lifecycle.worker.putUser(GROUP, "keeper", X509Type.MANAGED); // the project keeps a user throughout
    }

    @AfterAll
    static void stop() {
        lifecycle.close();
    }

    @Test
    void aTombstoneRevokesEveryCertificateOfTheUserOnceEvenAfterARestart() throws Exception {
        lifecycle.worker.putUser(GROUP, "alice", X509Type.MANAGED);
        CertificateIssued first = lifecycle.issue(GROUP, "alice", 3);
        CertificateIssued second = lifecycle.issue(GROUP, "alice", 6);
        CertificateIssued kept = lifecycle.issue(GROUP, "keeper", 3);

        lifecycle.worker.deleteUser(GROUP, "alice");

        for (CertificateIssued issued : List.of(first, second)) {
            CertificateRevoked revoked = awaitRevoked(issued);
            assertThat(revoked.reason()).isEqualTo("cessationOfOperation");
            assertThat(revoked.requestId()).isEqualTo("worker:user-removed:" + GROUP + ":" + issued.serialNumber());
        }
        lifecycle.worker.stopWorker();
        lifecycle.worker.startWorker();
        Thread.sleep(3000); // several passes of the restarted worker
        assertThat(revokedEvents(first)).hasSize(1);
        assertThat(revokedEvents(second)).hasSize(1);
        assertThat(revokedEvents(kept)).isEmpty();
    }

    @Test
    void aUserNoLongerManagedHasItsCertificatesRevoked() throws Exception {
        lifecycle.worker.putUser(GROUP, "bob", X509Type.MANAGED);
        CertificateIssued issued = lifecycle.issue(GROUP, "bob", 3);

        lifecycle.worker.putUser(GROUP, "bob", X509Type.NONE);

        assertThat(awaitRevoked(issued).reason()).isEqualTo("cessationOfOperation");
    }

    @Test
    void aCertificateIssuedWhileItsUserIsBeingDeletedIsRevokedToo() throws Exception {
        List<String> requestIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String user = "carol-" + i;
            lifecycle.worker.putUser(GROUP, user, X509Type.MANAGED);
            String requestId = UUID.randomUUID().toString();
            lifecycle.worker.sendRequest(Topics.key(GROUP, user), Lifecycle.JSON.writeValueAsString(Map.of(
                    "requestId", requestId, "groupId", GROUP, "username", user)));
            lifecycle.worker.deleteUser(GROUP, user); // at once, while the request is being handled
            requestIds.add(requestId);
        }
        int issued = 0;
        for (String requestId : requestIds) {
            ConsumerRecord<byte[], byte[]> outcome = lifecycle.worker.outcome(requestId);
            if (outcome.topic().equals(lifecycle.worker.topics().issued())) {
                issued++;
                awaitRevoked(EventCodec.instance().decode(outcome.value(), CertificateIssued.class));
            }
        }
        // Which of the two came first is up to the broker; every certificate that was issued is revoked.
        System.out.println(issued + " of 5 requests got a certificate before their user's deletion was read");
    }

    private static CertificateRevoked awaitRevoked(CertificateIssued issued) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !revokedEvents(issued).isEmpty());
        return EventCodec.instance().decode(revokedEvents(issued).get(0).value(), CertificateRevoked.class);
    }

    private static List<ConsumerRecord<byte[], byte[]>> revokedEvents(CertificateIssued issued) {
        return lifecycle.collector.records(lifecycle.topics.revoked()).stream()
                .filter(record -> issued.serialNumber().equals(TopicCollector.field(record, "serialNumber")))
                .toList();
    }
}
