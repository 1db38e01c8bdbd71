package io.certworker.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.testing.processes.BrokerProcess;
import io.certworker.testing.processes.Outcomes;
import io.certworker.testing.processes.SignatureLogs;
import io.certworker.testing.processes.TestRootCa;
import io.certworker.testing.processes.Traffic;
import io.certworker.testing.processes.Traffic.Request;
import io.certworker.testing.processes.WorkerEnvironment;
import io.certworker.testing.processes.WorkerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while the only broker is gone: the worker cannot publish what it finished, and its producer would wait a
 * minute per attempt for a broker that is not there. It must still exit, soon after its shutdown timeout, giving up
 * the unpublished outcomes; their offsets were not committed, so the worker started once the broker is back answers
 * every request, each exactly once and minted once.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StopWithoutBrokerIT {
    private static final int REQUESTS = 300;
    private static final double REQUESTS_PER_SECOND = 100;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);
    /** The shutdown timeout, the 15 s the worker adds for in-flight work, 10 s to give up, and slack for the JVM. */
    private static final Duration EXIT_BOUND = SHUTDOWN_TIMEOUT.plusSeconds(15 + 10 + 10);
    private static final int SESSION_TIMEOUT_MS = 6000;

    /** Closed last-in first-out after the test, whatever happened. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    @AfterEach
    void stopEverything() throws Exception {
        while (!started.isEmpty()) {
            started.pop().close();
        }
    }

    @Test
    void a_worker_told_to_stop_while_its_broker_is_gone_exits_and_loses_nothing() throws Exception {
        Path directory = Workspace.fresh("stop-without-broker");
        BrokerProcess broker = BrokerProcess.start(directory.resolve("broker-data"), directory.resolve("broker.log"));
        started.push(broker);
        TestRootCa root = TestRootCa.generate(directory.resolve("root"));
        WorkerEnvironment environment = WorkerEnvironment.of(broker.bootstrapServers(), "nobroker-", root)
                .kafka("session.timeout.ms", SESSION_TIMEOUT_MS)
                .kafka("heartbeat.interval.ms", SESSION_TIMEOUT_MS / 4)
                .kafka("reconnect.backoff.max.ms", 1000);
        Path caDirectory = directory.resolve("worker-1");
        Map<String, String> instance = new HashMap<>(environment.instance("worker-1", caDirectory));
        instance.put("CERT_WORKER_SHUTDOWN_TIMEOUT_MS", Long.toString(SHUTDOWN_TIMEOUT.toMillis()));
        WorkerProcess worker = WorkerProcess.start("worker-1", instance, directory.resolve("worker-1.log"));
        started.push(worker);

        Outcomes outcomes = Outcomes.collect(environment.bootstrapServers(), environment.issuedTopic(),
                environment.failedTopic());
        started.push(outcomes);
        Traffic traffic = Traffic.to(environment.bootstrapServers(), environment.usersTopic(),
                environment.requestsTopic());
        started.push(traffic);
        List<Request> requests = Traffic.requests(traffic.putUsers(3, 10), REQUESTS);
        Traffic.Stream stream = traffic.stream(requests, REQUESTS_PER_SECOND);
        started.push(stream::stop);
        outcomes.awaitAnswered(50, Duration.ofSeconds(120), () -> { }, worker::describeTail);
        broker.kill9();
        assertThat(outcomes.answered()).as("the broker must go before every request was answered").isLessThan(REQUESTS);

        long stopAsked = System.nanoTime();
        int status = worker.sigterm();
        Duration stopTook = Duration.ofNanos(System.nanoTime() - stopAsked);
        assertThat(status).as("the exit status after giving up" + worker.describeTail()).isEqualTo(1);
        assertThat(stopTook).as("time from SIGTERM to exit, broker gone" + worker.describeTail())
                .isLessThan(EXIT_BOUND);
        assertThat(worker.process().printed(line -> line.contains("giving up its unpublished outcomes")))
                .as("the worker says it gave up what it could not publish" + worker.describeTail()).isTrue();
        assertThat(worker.process().printed(line -> line.contains("cert-worker stopped")))
                .as("the worker's last line" + worker.describeTail()).isTrue();

        broker.restart();
        worker.restart();
        outcomes.awaitAnswered(REQUESTS, Duration.ofSeconds(180), () -> { }, worker::describeTail);
        stream.awaitSent(Duration.ofSeconds(30));
        assertThat(worker.sigterm()).as("a clean stop with the broker back" + worker.describeTail()).isZero();

        List<Outcomes.Outcome> visible = Outcomes.readAll(environment.bootstrapServers(), environment.issuedTopic(),
                environment.failedTopic());
        SignatureLogs signatures = SignatureLogs.read(List.of(WorkerEnvironment.signatureLog(caDirectory)));
        ExactlyOnce.verify(requests, visible, signatures);
        ExactlyOnce.assertEveryRequestConsumed(environment.bootstrapServers(), environment.groupId(),
                environment.requestsTopic());
        new Figures("stop-without-broker")
                .put("requests", REQUESTS)
                .millis("sigtermToExitMs", stopTook.toNanos())
                .print();
    }
}
