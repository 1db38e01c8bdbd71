package io.certworker.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.testing.Pems;
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
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Several worker processes sharing the requests (one consumer group), the per-project CAs ({@code ca.store=kafka}),
 * one root and one key-encryption key, while the group rebalances under a stream of 1,000 requests: two instances
 * start, a third joins, one of the first two leaves cleanly (SIGTERM), and the other is killed with SIGKILL and
 * started again. Every request still gets exactly one visible outcome and one serial, and every instance issues each
 * project's certificates under the same project CA.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RebalancingInstancesIT {
    private static final int REQUESTS = 1000;
    private static final double REQUESTS_PER_SECOND = 40;
    private static final int THIRD_JOINS_AT = 250;
    private static final int HOLD_UNTIL_THIRD_READY = 450;
    private static final int FIRST_LEAVES_AT = 500;
    private static final int SECOND_KILLED_AT = 700;
    private static final int HOLD_UNTIL_SECOND_KILLED = 800;

    private final List<WorkerProcess> workers = new ArrayList<>();
    /** The instances that must be running: one stopped by the test on purpose leaves this list. */
    private final List<WorkerProcess> running = new ArrayList<>();
    private Outcomes outcomes;
    private Traffic traffic;
    private Traffic.Stream stream;

    @AfterEach
    void stopEverything() {
        if (stream != null) {
            stream.stop();
        }
        workers.forEach(WorkerProcess::close);
        if (outcomes != null) {
            outcomes.close();
        }
        if (traffic != null) {
            traffic.close();
        }
    }

    @Test
    void three_instances_that_join_leave_and_crash_under_load_answer_every_request_once_and_agree_on_every_project_ca()
            throws Exception {
        long testStarted = System.nanoTime();
        Path directory = Workspace.fresh("rebalancing-instances");
        TestRootCa root = TestRootCa.generate(directory.resolve("root"));
        WorkerEnvironment environment = InProcessBroker.environment("rebalance", root)
                .with("CERT_WORKER_CA_STORE", "kafka")
                .kafka("transaction.timeout.ms", 15_000);

        WorkerProcess first = instance(environment, directory, "worker-1");
        WorkerProcess second = instance(environment, directory, "worker-2");
        first.awaitReady();
        second.awaitReady();

        outcomes = Outcomes.collect(environment.bootstrapServers(), environment.issuedTopic(), environment.failedTopic());
        traffic = Traffic.to(environment.bootstrapServers(), environment.usersTopic(), environment.requestsTopic());
        List<Request> requests = Traffic.requests(traffic.putUsers(8, 8), REQUESTS);
        // The stream holds at fixed points until the test's next step is under way, so that every step happens with
        // requests still flowing, however long a JVM takes to start on a busy machine.
        long sendStarted = System.nanoTime();
        stream = traffic.stream(requests, REQUESTS_PER_SECOND, HOLD_UNTIL_THIRD_READY);

        outcomes.awaitAnswered(THIRD_JOINS_AT, Duration.ofSeconds(120), this::allAlive, this::tails);
        WorkerProcess third = instance(environment, directory, "worker-3");
        int visibleAtJoin = outcomes.answered();
        third.awaitReady();
        stream.release(HOLD_UNTIL_SECOND_KILLED);

        outcomes.awaitAnswered(FIRST_LEAVES_AT, Duration.ofSeconds(120), this::allAlive, this::tails);
        int visibleAtLeave = outcomes.answered();
        long leaving = System.nanoTime();
        running.remove(first);
        int firstExit = first.sigterm();
        long left = System.nanoTime();
        assertThat(firstExit).as("SIGTERM stops an instance cleanly, even during a rebalance" + first.describeTail())
                .isZero();

        outcomes.awaitAnswered(SECOND_KILLED_AT, Duration.ofSeconds(120), this::allAlive, this::tails);
        int visibleAtKill = outcomes.answered();
        long killed = System.nanoTime();
        second.kill9();
        stream.release(REQUESTS);
        second.restart();
        long restartReady = System.nanoTime();

        outcomes.awaitAnswered(REQUESTS, Duration.ofSeconds(180), this::allAlive, this::tails);
        long completed = System.nanoTime();
        stream.awaitSent(Duration.ofSeconds(30));

        running.clear();
        for (WorkerProcess worker : List.of(second, third)) {
            assertThat(worker.sigterm()).as("a clean stop after the run" + worker.describeTail()).isZero();
        }

        List<Outcome> visible = Outcomes.readAll(environment.bootstrapServers(), environment.issuedTopic(),
                environment.failedTopic());
        SignatureLogs signatures = SignatureLogs.read(List.of("worker-1", "worker-2", "worker-3").stream()
                .map(name -> WorkerEnvironment.signatureLog(directory.resolve(name))).toList());
        ExactlyOnce.Result result = ExactlyOnce.verify(requests, visible, signatures);
        ExactlyOnce.assertEveryRequestConsumed(environment.bootstrapServers(), environment.groupId(),
                environment.requestsTopic());

        // Every instance agrees on each project's CA: one first certificate in caCertificatePem per groupId, and
        // every certificate chains to the shared root through it.
        Map<String, Set<String>> projectCas = new TreeMap<>();
        for (Outcome outcome : visible) {
            List<X509Certificate> chain = Pems.certificates(outcome.caCertificatePem());
            projectCas.computeIfAbsent(outcome.groupId(), group -> new java.util.TreeSet<>())
                    .add(java.util.Base64.getEncoder().encodeToString(chain.get(0).getEncoded()));
            Pems.verifyChain(Pems.certificates(outcome.pem()).get(0), outcome.caCertificatePem(), new Date());
            assertThat(chain.get(chain.size() - 1).getEncoded())
                    .isEqualTo(Pems.certificates(root.certificatePem()).get(0).getEncoded());
        }
        assertThat(projectCas.entrySet().stream().filter(entry -> entry.getValue().size() != 1)
                .map(entry -> entry.getKey() + " has " + entry.getValue().size() + " different project CAs")
                .collect(Collectors.toList()))
                .as("each project is issued under one CA by every instance").isEmpty();
        assertThat(projectCas).hasSize(8);
        Map<String, Long> signedBy = signatures.signatures().stream().collect(Collectors.groupingBy(
                signature -> signature.file().getParent().getFileName().toString(), TreeMap::new,
                Collectors.counting()));

        new Figures("rebalancing-instances")
                .put("requests", REQUESTS)
                .put("requestsPerSecond", REQUESTS_PER_SECOND)
                .put("visibleAtThirdJoin", visibleAtJoin)
                .put("visibleAtFirstSigterm", visibleAtLeave)
                .put("visibleAtSecondKill", visibleAtKill)
                .put("finishedAgainFromDraft", result.finishedAgainFromDraft())
                .put("signatureLines", result.signatureLines())
                .put("distinctSerials", result.distinctSerials())
                .put("signaturesByInstance", signedBy.toString().replace(" ", ""))
                .millis("sigtermExitMs", left - leaving)
                .millis("killToRestartReadyMs", restartReady - killed)
                .millis("completeMs", completed - sendStarted)
                .millis("testMs", System.nanoTime() - testStarted)
                .print();
    }

    private WorkerProcess instance(WorkerEnvironment environment, Path directory, String name) {
        WorkerProcess worker = WorkerProcess.launch(name, environment.instance(name, directory.resolve(name)),
                directory.resolve(name + ".log"));
        workers.add(worker);
        running.add(worker);
        return worker;
    }

    /** Every instance that should be running is: one that died on its own fails the test with its last lines. */
    private void allAlive() {
        for (WorkerProcess worker : running) {
            if (worker.isAlive()) {
                continue;
            }
            throw new AssertionError(worker.name() + " died unexpectedly with status " + worker.exitCode()
                    + worker.describeTail());
        }
    }

    private String tails() {
        return running.stream().map(WorkerProcess::describeTail).collect(Collectors.joining());
    }
}
