package io.certworker.testing.processes;

import io.certworker.embeddedkafka.EmbeddedKafkaCluster;

/**
 * One single-node broker inside the test JVM for the reliability tests that kill workers (not the broker), started on
 * first use and stopped when the JVM exits. Its group coordinator accepts session timeouts down to 1 s
 * ({@code group.min.session.timeout.ms=1000}, Kafka's default minimum is 6 s), so the consumer-group member of a
 * killed worker is dropped within a few seconds.
 */
public final class InProcessBroker {
    /** The session timeout the worker processes use against this broker. */
    public static final int SESSION_TIMEOUT_MS = 3000;
    public static final int HEARTBEAT_INTERVAL_MS = 750;

    private static EmbeddedKafkaCluster cluster;

    private InProcessBroker() {
    }

    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            cluster = EmbeddedKafkaCluster.builder().brokerProperty("group.min.session.timeout.ms", "1000").start();
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "reliability-kafka-stop"));
        }
        return cluster.bootstrapServers();
    }

    /**
     * The environment of worker processes on this broker, with topics of their own (the name, this JVM's pid and a
     * nanosecond stamp) and a 3 s session, so that a killed instance leaves the group quickly.
     */
    public static WorkerEnvironment environment(String name, TestRootCa root) {
        return WorkerEnvironment.of(bootstrapServers(),
                        name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-", root)
                .kafka("session.timeout.ms", SESSION_TIMEOUT_MS)
                .kafka("heartbeat.interval.ms", HEARTBEAT_INTERVAL_MS);
    }
}
