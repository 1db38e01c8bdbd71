package io.certworker.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.testing.TestWorker;
import io.certworker.testing.TopicCollector;
import io.certworker.testing.processes.SignatureLogs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The same requestId sent three times in a row, then once more after the worker restarted: the CA signs once, one
 * issued event is published, and the repeats publish nothing (the original issued event is their answer). Runs the
 * worker in the test JVM; "nothing more" is observed with a marker request sent after the repeats by the same user,
 * whose outcome is published after theirs (one user's requests stay in order on one partition).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RepeatedRequestIdIT {
    private static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";

    private TestWorker worker;

    @AfterEach
    void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void a_request_id_sent_three_times_and_again_after_a_restart_is_signed_once_and_answered_by_one_issued_event()
            throws Exception {
        long testStarted = System.nanoTime();
        Path directory = Workspace.fresh("repeated-request-id");
        worker = TestWorker.start(directory.resolve("ca"), Map.of());
        Path signatureLog = directory.resolve("ca").resolve("signatures.log");
        worker.putUser(GROUP, "alice", X509Type.MANAGED);
        String key = Topics.key(GROUP, "alice");
        String requestId = "repeated-" + UUID.randomUUID();

        for (int i = 0; i < 3; i++) {
            worker.sendRequest(key, request(requestId));
        }
        String marker = "marker-" + UUID.randomUUID();
        worker.sendRequest(key, request(marker));
        worker.outcome(marker); // published after whatever the three repeats produced

        List<ConsumerRecord<byte[], byte[]>> answers = worker.published().withField("requestId", requestId);
        assertThat(answers).as("one outcome for three records of one requestId").hasSize(1);
        assertThat(answers.get(0).topic()).isEqualTo(worker.topics().issued());
        String serial = TopicCollector.field(answers.get(0), "serialNumber");
        assertThat(signaturesOf(signatureLog, requestId)).as("the CA signed once").containsExactly(serial);

        worker.stopWorker();
        worker.startWorker();
        worker.sendRequest(key, request(requestId));
        String secondMarker = "marker-" + UUID.randomUUID();
        worker.sendRequest(key, request(secondMarker));
        worker.outcome(secondMarker);

        assertThat(worker.published().withField("requestId", requestId))
                .as("a fourth record after a restart publishes nothing new").hasSize(1);
        assertThat(signaturesOf(signatureLog, requestId)).as("and is not signed again").containsExactly(serial);
        assertThat(worker.published().records(worker.topics().issued())).as("issued events: the request and 2 markers")
                .hasSize(3);

        new Figures("repeated-request-id")
                .put("recordsOfOneRequestId", 4)
                .put("issuedEvents", worker.published().withField("requestId", requestId).size())
                .put("signatures", signaturesOf(signatureLog, requestId).size())
                .millis("testMs", System.nanoTime() - testStarted)
                .print();
    }

    private static List<String> signaturesOf(Path signatureLog, String requestId) {
        return SignatureLogs.read(List.of(signatureLog)).signatures().stream()
                .filter(signature -> signature.requestId().equals(requestId))
                .map(SignatureLogs.Signature::serialNumber).toList();
    }

    private static String request(String requestId) {
        return "{\"requestId\":\"" + requestId + "\",\"groupId\":\"" + GROUP
                + "\",\"username\":\"alice\",\"monthsUntilExpiration\":6}";
    }
}
