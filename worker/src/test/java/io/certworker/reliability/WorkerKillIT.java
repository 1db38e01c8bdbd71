package io.certworker.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.testing.processes.InProcessBroker;
import io.certworker.testing.processes.Outcomes;
import io.certworker.testing.processes.Outcomes.Outcome;
import io.certworker.testing.processes.SignatureLogs;
import io.certworker.testing.processes.TestRootCa;
import io.certworker.testing.processes.Traffic;
import io.certworker.testing.processes.Traffic.Request;
import io.certworker.testing.processes.WorkerEnvironment;
import io.certworker.testing.processes.WorkerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the only worker process in the middle of 1,000 requests, then a restart of the same instance: every
 * request still gets exactly one visible outcome and exactly one serial from the CA; certificates whose draft was
 * committed before the kill are finished again from it (same serial), never minted anew.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class WorkerKillIT {
    private static final int REQUESTS = 1000;
    private static final int KILL_AFTER = 200;

    private WorkerProcess worker;
    private Outcomes outcomes;
    private Traffic traffic;

    @AfterEach
    void stopEverything() {
        if (worker != null) {
            worker.close();
        }
        if (outcomes != null) {
            outcomes.close();
        }
        if (traffic != null) {
            traffic.close();
        }
    }

    @Test
    void a_worker_killed_with_sigkill_midway_and_restarted_answers_every_request_exactly_once_and_mints_each_once()
            throws Exception {
        long testStarted = System.nanoTime();
        Path directory = Workspace.fresh("worker-kill-9");
        TestRootCa root = TestRootCa.generate(directory.resolve("root"));
        WorkerEnvironment environment = InProcessBroker.environment("kill9", root)
                .kafka("transaction.timeout.ms", 15_000);
        Path caDirectory = directory.resolve("worker-1");
        worker = WorkerProcess.start("worker-1", environment.instance("worker-1", caDirectory),
                directory.resolve("worker-1.log"));

        outcomes = Outcomes.collect(environment.bootstrapServers(), environment.issuedTopic(), environment.failedTopic());
        traffic = Traffic.to(environment.bootstrapServers(), environment.usersTopic(), environment.requestsTopic());
        List<Request> requests = Traffic.requests(traffic.putUsers(6, 10), REQUESTS);

        long sendStarted = System.nanoTime();
        traffic.sendAll(requests); // all at once: hundreds are in flight (drafts committed, signed, unpublished) at the kill
        outcomes.awaitAnswered(KILL_AFTER, Duration.ofSeconds(120), this::workerAlive, worker::describeTail);

        int visibleAtKill = outcomes.answered();
        Instant killedAt = Instant.now();
        long killed = System.nanoTime();
        worker.kill9();
        assertThat(visibleAtKill).as("the kill must come before every request was answered, or it proves nothing")
                .isLessThan(REQUESTS);

        worker.restart();
        long restartReady = System.nanoTime();
        outcomes.awaitAnswered(REQUESTS, Duration.ofSeconds(180), this::workerAlive, worker::describeTail);
        long completed = System.nanoTime();
        Outcome firstAfterKill = outcomes.firstProducedAtOrAfter(killedAt);

        assertThat(worker.sigterm()).as("a clean stop after the run" + worker.describeTail()).isZero();

        List<Outcome> visible = Outcomes.readAll(environment.bootstrapServers(), environment.issuedTopic(),
                environment.failedTopic());
        SignatureLogs signatures = SignatureLogs.read(List.of(WorkerEnvironment.signatureLog(caDirectory)));
        ExactlyOnce.Result result = ExactlyOnce.verify(requests, visible, signatures);
        ExactlyOnce.assertEveryRequestConsumed(environment.bootstrapServers(), environment.groupId(),
                environment.requestsTopic());

        new Figures("worker-kill-9")
                .put("requests", REQUESTS)
                .put("visibleAtKill", visibleAtKill)
                .put("finishedAgainFromDraft", result.finishedAgainFromDraft())
                .put("signatureLines", result.signatureLines())
                .put("distinctSerials", result.distinctSerials())
                .millis("completeMs", completed - sendStarted)
                .millis("killToRestartReadyMs", restartReady - killed)
                .put("killToFirstNewOutcomeMs", firstAfterKill == null ? "none"
                        : Duration.between(killedAt, firstAfterKill.producedAt()).toMillis())
                .millis("testMs", System.nanoTime() - testStarted)
                .print();
    }

    private void workerAlive() {
        if (!worker.isAlive()) {
            throw new AssertionError(worker.name() + " died unexpectedly with status " + worker.exitCode()
                    + worker.describeTail());
        }
    }
}
