package io.certworker.embeddedkafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DataDirTest {

    @Test
    void recordsInAGivenDataDirSurviveARestart(@TempDir Path dataDir) throws Exception {
        try (EmbeddedKafkaCluster kafka = Timing.start("1 node, fresh data dir",
                EmbeddedKafkaCluster.builder().dataDir(dataDir))) {
            Clients.createTopic(kafka.bootstrapServers(), "durable", 1, 1);
            Clients.produceTransactionally(kafka.bootstrapServers(), "durable", "kept");
            Timing.closing(kafka);
        }
        assertThat(dataDir.resolve("meta.properties")).isRegularFile();

        try (EmbeddedKafkaCluster kafka = Timing.start("1 node, reused data dir",
                EmbeddedKafkaCluster.builder().dataDir(dataDir))) {
            assertThat(Clients.consumeCommitted(kafka.bootstrapServers(), "durable", 1)).containsExactly("kept");
            Clients.produceTransactionally(kafka.bootstrapServers(), "durable", "more");
            assertThat(Clients.consumeCommitted(kafka.bootstrapServers(), "durable", 2))
                    .containsExactly("kept", "more");
            Timing.closing(kafka);
        }
        assertThat(dataDir.resolve("meta.properties")).as("a given data dir is kept").isRegularFile();
    }
}
