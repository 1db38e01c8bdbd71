package io.certworker.testing;

import io.certworker.embeddedkafka.EmbeddedKafkaCluster;

/**
 * One real single-node KRaft broker for the whole test JVM, started on first use and stopped when the JVM exits.
 * Tests keep out of each other's way with topic names and group ids of their own ({@link TestWorker}).
 */
public final class SharedKafka {
    private static EmbeddedKafkaCluster cluster;

    private SharedKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            cluster = EmbeddedKafkaCluster.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "shared-kafka-stop"));
        }
        return cluster.bootstrapServers();
    }
}
