package io.certworker.embeddedkafka;

/** Prints start and stop times to the test output, for the record. */
final class Timing {

    private Timing() {
    }

    static EmbeddedKafkaCluster start(String what, EmbeddedKafkaCluster.Builder builder) {
        long t0 = System.nanoTime();
        EmbeddedKafkaCluster kafka = builder.start();
        System.out.printf("[timing] %s ready in %d ms at %s%n", what, (System.nanoTime() - t0) / 1_000_000,
                kafka.bootstrapServers());
        return kafka;
    }

    static void closing(EmbeddedKafkaCluster kafka) {
        long t0 = System.nanoTime();
        kafka.close();
        System.out.printf("[timing] %d node(s) closed in %d ms%n", kafka.nodeCount(),
                (System.nanoTime() - t0) / 1_000_000);
    }
}
