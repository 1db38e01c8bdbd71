package io.certworker.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.testing.processes.BrokerProcess;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the (only) Kafka broker, a process of its own, in the middle of 1,000 requests, then a restart on the
 * same port and data directory. The worker process is supervised like a container would be: if it exits, it is
 * started again (and the test says so in its figures). Every request still gets exactly one visible outcome and
 * exactly one serial.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BrokerKillIT {
    private static final int REQUESTS = 1000;
    private static final int KILL_AFTER = 200;
    private static final double REQUESTS_PER_SECOND = 80;
    /** The broker's group coordinator refuses session timeouts under its default minimum, 6 s. */
    private static final int SESSION_TIMEOUT_MS = 6000;
    /** The producers' wait for a broker, well under the outage (the broker is down for 6–12 s). */
    private static final int MAX_BLOCK_MS = 2000;

    private BrokerProcess broker;
    private WorkerProcess worker;
    private Outcomes outcomes;
    private Traffic traffic;
    private Traffic.Stream stream;

    @AfterEach
    void stopEverything() {
        if (stream != null) {
            stream.stop();
        }
        if (outcomes != null) {
            outcomes.close();
        }
        if (traffic != null) {
            traffic.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void a_broker_killed_with_sigkill_midway_and_restarted_leaves_every_request_answered_exactly_once_and_minted_once()
            throws Exception {
        long testStarted = System.nanoTime();
        Path directory = Workspace.fresh("broker-kill-9");
        broker = BrokerProcess.start(directory.resolve("broker-data"), directory.resolve("broker.log"));
        TestRootCa root = TestRootCa.generate(directory.resolve("root"));
        WorkerEnvironment environment = WorkerEnvironment.of(broker.bootstrapServers(), "brokerkill-", root)
                .kafka("session.timeout.ms", SESSION_TIMEOUT_MS)
                .kafka("heartbeat.interval.ms", SESSION_TIMEOUT_MS / 4)
                .kafka("reconnect.backoff.max.ms", 1000)
                // Shorter than the outage, so that commits and aborts time out while the broker is down and must be
                // made again (Kafka refuses anything else after a timed-out commit).
                .kafka("max.block.ms", MAX_BLOCK_MS);
        Path caDirectory = directory.resolve("worker-1");
        worker = WorkerProcess.start("worker-1", environment.instance("worker-1", caDirectory),
                directory.resolve("worker-1.log"));

        outcomes = Outcomes.collect(environment.bootstrapServers(), environment.issuedTopic(), environment.failedTopic());
        traffic = Traffic.to(environment.bootstrapServers(), environment.usersTopic(), environment.requestsTopic());
        List<Request> requests = Traffic.requests(traffic.putUsers(6, 10), REQUESTS);

        // A stream, so that requests keep coming while the broker is down and after it is back: the worker has work
        // in every state at the kill (consumed, drafted, signed, in an open transaction) and more to consume after it.
        long sendStarted = System.nanoTime();
        stream = traffic.stream(requests, REQUESTS_PER_SECOND);
        outcomes.awaitAnswered(KILL_AFTER, Duration.ofSeconds(120), this::workerAlive, worker::describeTail);
        int sentAtKill = stream.sent();

        int visibleAtKill = outcomes.answered();
        Instant killedAt = Instant.now();
        long killed = System.nanoTime();
        broker.kill9();
        assertThat(visibleAtKill).as("the kill must come before every request was answered, or it proves nothing")
                .isLessThan(REQUESTS);

        broker.restart();
        long brokerBack = System.nanoTime();
        Instant brokerBackAt = Instant.now();
        boolean workerSurvivedOutage = worker.isAlive();

        // Supervise the worker like a container runtime would: restart it whenever it exits, and keep the evidence.
        List<String> workerExits = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (outcomes.answered() < REQUESTS) {
            if (!worker.isAlive()) {
                workerExits.add("status " + worker.exitCode() + worker.describeTail());
                assertThat(workerExits).as("the worker keeps exiting after the broker came back").hasSizeLessThan(4);
                worker.restart();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + outcomes.answered() + " of " + REQUESTS + " requests answered 180 s "
                        + "after the broker came back" + worker.describeTail() + broker.process().describeTail());
            }
            Thread.sleep(50);
        }
        long completed = System.nanoTime();
        stream.awaitSent(Duration.ofSeconds(30));
        Outcome firstVisibleAfterRestart = outcomes.firstReadAtOrAfter(brokerBackAt);
        workerExits.forEach(exit -> System.out.println("The worker exited after the broker's kill -9, " + exit));
        assertThat(workerExits).as("the worker rides out an outage longer than max.block.ms without exiting")
                .isEmpty();

        assertThat(worker.sigterm()).as("a clean stop after the run" + worker.describeTail()).isZero();

        List<Outcome> visible = Outcomes.readAll(environment.bootstrapServers(), environment.issuedTopic(),
                environment.failedTopic());
        SignatureLogs signatures = SignatureLogs.read(List.of(WorkerEnvironment.signatureLog(caDirectory)));
        ExactlyOnce.Result result = ExactlyOnce.verify(requests, visible, signatures);
        ExactlyOnce.assertEveryRequestConsumed(environment.bootstrapServers(), environment.groupId(),
                environment.requestsTopic());

        new Figures("broker-kill-9")
                .put("requests", REQUESTS)
                .put("requestsPerSecond", REQUESTS_PER_SECOND)
                .put("sentAtKill", sentAtKill)
                .put("visibleAtKill", visibleAtKill)
                .put("finishedAgainFromDraft", result.finishedAgainFromDraft())
                .put("signatureLines", result.signatureLines())
                .put("distinctSerials", result.distinctSerials())
                .put("workerSurvivedOutage", workerSurvivedOutage)
                .put("workerRestartsBySupervisor", workerExits.size())
                .millis("brokerDownMs", brokerBack - killed)
                .put("killToFirstVisibleAfterRestartMs", firstVisibleAfterRestart == null ? "none"
                        : Duration.between(killedAt, firstVisibleAfterRestart.readAt()).toMillis())
                .millis("completeMs", completed - sendStarted)
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
