package io.certworker.embeddedkafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SingleNodeTest {

    @Test
    void aTransactionCommittedOnOneNodeIsReadByAReadCommittedConsumer() throws Exception {
        Path dir;
        try (EmbeddedKafkaCluster kafka = Timing.start("1 node", EmbeddedKafkaCluster.builder())) {
            assertThat(kafka.nodeCount()).isEqualTo(1);
            assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");

            Clients.createTopic(kafka.bootstrapServers(), "single", 1, 1);
            Clients.produceTransactionally(kafka.bootstrapServers(), "single", "hello");

            assertThat(Clients.consumeCommitted(kafka.bootstrapServers(), "single", 1)).containsExactly("hello");
            dir = kafka.temporaryDirectory().orElseThrow();
            assertThat(dir.resolve("node-0").resolve("meta.properties")).isRegularFile();
            Timing.closing(kafka);
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void theBrokerLoggersAreQuietWhileAnExplicitlyConfiguredLevelIsKept() {
        // BrokerLogLevels runs on every start; calling it directly needs no broker.
        BrokerLogLevels.quietUnlessConfigured();

        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(logback.getLogger("kafka").getLevel()).isEqualTo(Level.WARN);
        assertThat(logback.getLogger("org.apache.kafka").getLevel()).isEqualTo(Level.WARN);
        assertThat(logback.getLogger("state.change.logger").getLevel()).isEqualTo(Level.WARN);
        assertThat(logback.getLogger("com.yammer.metrics").getLevel()).isEqualTo(Level.ERROR);
        // logback-test.xml sets org.apache.kafka.clients to WARN explicitly; root is INFO.
        assertThat(logback.getLogger("org.apache.kafka.clients").getLevel()).isEqualTo(Level.WARN);
        assertThat(logback.getLogger("io.certworker").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void aFixedPortThatIsTakenFailsFastWithAClearMessage() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().brokerPort(port).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + port + " is already in use");
        }
    }

    @Test
    void aFixedPortIsRefusedForSeveralNodes() {
        assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().nodes(3).brokerPort(9092).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("single node");
    }
}
