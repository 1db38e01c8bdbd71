package io.certworker.embeddedkafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThreeNodeTest {

    @Test
    void threeNodesFormOneClusterThatServesATopicReplicatedThreeTimes() throws Exception {
        try (EmbeddedKafkaCluster kafka = Timing.start("3 nodes", EmbeddedKafkaCluster.builder().nodes(3))) {
            assertThat(kafka.nodeCount()).isEqualTo(3);
            assertThat(kafka.bootstrapServers().split(",")).hasSize(3)
                    .allMatch(s -> s.matches("127\\.0\\.0\\.1:\\d+"));

            try (Admin admin = Clients.admin(kafka.bootstrapServers())) {
                assertThat(admin.describeCluster().nodes().get()).hasSize(3);
                assertThat(admin.describeMetadataQuorum().quorumInfo().get().voters()).hasSize(3);
            }
            Clients.createTopic(kafka.bootstrapServers(), "replicated", 2, 3);
            try (Admin admin = Clients.admin(kafka.bootstrapServers())) {
                TopicDescription topic = admin.describeTopics(List.of("replicated")).allTopicNames().get()
                        .get("replicated");
                assertThat(topic.partitions()).allSatisfy(p -> {
                    assertThat(p.replicas()).hasSize(3);
                    assertThat(p.isr()).hasSize(3);
                });
            }

            Clients.produceTransactionally(kafka.bootstrapServers(), "replicated", "a", "b", "c");

            assertThat(Clients.consumeCommitted(kafka.bootstrapServers(), "replicated", 3))
                    .containsExactlyInAnyOrder("a", "b", "c");
            Timing.closing(kafka);
        }
    }
}
