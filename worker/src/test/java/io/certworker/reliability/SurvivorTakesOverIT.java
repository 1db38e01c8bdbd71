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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of one of two instances under a burst of 1,000 requests, and no quick restart: the survivor takes the dead
 * instance's partitions over while the dead instance's last transactions are still open (they stay open until the
 * transaction timeout aborts them), and only then is the dead instance started again. This is the case a crashed pod
 * rescheduled late, or never, meets in production.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SurvivorTakesOverIT {
    private static final int REQUESTS = 1000;
    private static final int KILL_AFTER = 200;

    private final List<WorkerProcess> workers = new ArrayList<>();
    private Outcomes outcomes;
    private Traffic traffic;

    @AfterEach
    void stopEverything() {
        workers.forEach(WorkerProcess::close);
        if (outcomes != null) {
            outcomes.close();
        }
        if (traffic != null) {
            traffic.close();
        }
    }

    @Test
    void when_a_killed_instance_comes_back_only_after_the_survivor_took_its_partitions_every_request_is_still_minted_once()
            throws Exception {
        long testStarted = System.nanoTime();
        Path directory = Workspace.fresh("survivor-takes-over");
        TestRootCa root = TestRootCa.generate(directory.resolve("root"));
        WorkerEnvironment environment = InProcessBroker.environment("takeover", root)
                .with("CERT_WORKER_CA_STORE", "kafka")
                .kafka("transaction.timeout.ms", 15_000);
        WorkerProcess victim = instance(environment, directory, "worker-1");
        WorkerProcess survivor = instance(environment, directory, "worker-2");
        victim.awaitReady();
        survivor.awaitReady();

        outcomes = Outcomes.collect(environment.bootstrapServers(), environment.issuedTopic(), environment.failedTopic());
        traffic = Traffic.to(environment.bootstrapServers(), environment.usersTopic(), environment.requestsTopic());
        List<Request> requests = Traffic.requests(traffic.putUsers(6, 10), REQUESTS);
        // Both instances must own partitions before the burst, so that the victim has work in flight when it dies.
        assertThat(Outcomes.waitUntil(() -> victim.process().printed(line -> line.contains("Partitions assigned"))
                && survivor.process().printed(line -> line.contains("Partitions assigned")), Duration.ofSeconds(60)))
                .as("both instances own partitions").isTrue();

        long sendStarted = System.nanoTime();
        traffic.sendAll(requests);
        outcomes.awaitAnswered(KILL_AFTER, Duration.ofSeconds(120), () -> alive(survivor), survivor::describeTail);
        int visibleAtKill = outcomes.answered();
        long killed = System.nanoTime();
        int assignmentsBefore = assignments(survivor);
        victim.kill9();

        // The survivor takes the victim's partitions once the victim's group session expired.
        assertThat(Outcomes.waitUntil(() -> assignments(survivor) > assignmentsBefore, Duration.ofSeconds(60)))
                .as("the survivor took the dead instance's partitions over" + survivor.describeTail()).isTrue();
        long takenOver = System.nanoTime();

        // The survivor finishes the work alone; the victim comes back only afterwards (a pod rescheduled late).
        outcomes.awaitAnswered(REQUESTS, Duration.ofSeconds(180), () -> alive(survivor), survivor::describeTail);
        long completed = System.nanoTime();
        victim.restart();
        long victimBack = System.nanoTime();
        for (WorkerProcess worker : workers) {
            assertThat(worker.sigterm()).as("a clean stop after the run" + worker.describeTail()).isZero();
        }

        List<Outcome> visible = Outcomes.readAll(environment.bootstrapServers(), environment.issuedTopic(),
                environment.failedTopic());
        SignatureLogs signatures = SignatureLogs.read(List.of(WorkerEnvironment.signatureLog(directory.resolve("worker-1")),
                WorkerEnvironment.signatureLog(directory.resolve("worker-2"))));
        Figures figures = new Figures("survivor-takes-over")
                .put("requests", REQUESTS)
                .put("visibleAtKill", visibleAtKill)
                .put("signatureLines", signatures.signatures().size())
                .put("distinctSerials", signatures.distinctSerials().size())
                .put("mintedTwice", signatures.mintedTwice().size())
                .put("finishedAgainFromDraft", signatures.signedAgain().size())
                .millis("killToTakeOverMs", takenOver - killed)
                .millis("killToVictimBackMs", victimBack - killed)
                .millis("completeMs", completed - sendStarted)
                .millis("testMs", System.nanoTime() - testStarted);
        figures.print();
        ExactlyOnce.verify(requests, visible, signatures);
        ExactlyOnce.assertEveryRequestConsumed(environment.bootstrapServers(), environment.groupId(),
                environment.requestsTopic());
    }

    private WorkerProcess instance(WorkerEnvironment environment, Path directory, String name) {
        WorkerProcess worker = WorkerProcess.launch(name, environment.instance(name, directory.resolve(name)),
                directory.resolve(name + ".log"));
        workers.add(worker);
        return worker;
    }

    private static int assignments(WorkerProcess worker) {
        return worker.process().count(line -> line.contains("Partitions assigned"));
    }

    private static void alive(WorkerProcess worker) {
        if (!worker.isAlive()) {
            throw new AssertionError(worker.name() + " died unexpectedly with status " + worker.exitCode()
                    + worker.describeTail());
        }
    }
}
