package io.certworker.cli;

import io.certworker.config.WorkerConfig;
import io.certworker.kafka.BrokerProbe;
import io.certworker.kafka.KafkaClients;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka for a command: checked first to answer and to have the topics the command needs (one clear line and exit
 * code when not), then clients whose blocking calls end within the command's timeout.
 */
final class KafkaAccess {
    /** Connecting is given at most this long, even under a longer --timeout (which is for the answer). */
    static final Duration CONNECT_LIMIT = Duration.ofSeconds(15);

    private final KafkaClients clients;
    private final String bootstrap;
    /** How long Kafka may take to answer the first question (which topics exist). */
    private final Duration connecting;

    private KafkaAccess(KafkaClients clients, String bootstrap, Duration connecting) {
        this.clients = clients;
        this.bootstrap = bootstrap;
        this.connecting = connecting;
    }

    /**
     * Once a broker accepts connections.
     *
     * @throws io.certworker.kafka.BrokerUnreachableException when none does in time
     */
    static KafkaAccess connect(WorkerConfig config, Duration timeout) {
        Map<String, Object> properties = new HashMap<>(config.kafkaClientProperties());
        properties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        properties.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        Duration connecting = Collections.min(List.of(timeout, CONNECT_LIMIT));
        BrokerProbe.awaitConnection(properties, connecting);
        return new KafkaAccess(new KafkaClients(properties), config.kafkaClientProperties()
                .get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).toString(), connecting);
    }

    /**
     * A reader (read_committed, outside any group), once Kafka has answered it and {@code topics} exist.
     *
     * @throws io.certworker.kafka.MissingTopicsException when one does not
     */
    Consumer<byte[], byte[]> reader(Collection<String> topics) {
        Consumer<byte[], byte[]> consumer = clients.readerConsumer();
        try {
            BrokerProbe.requireTopics(consumer, bootstrap, topics, connecting);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    /** A producer, once Kafka has answered and {@code topics} exist (else a send would wait for them). */
    Producer<byte[], byte[]> writer(Collection<String> topics) {
        reader(topics).close(Duration.ZERO);
        return clients.producer();
    }

    /** A producer for topics already checked with {@link #reader}. */
    Producer<byte[], byte[]> producer() {
        return clients.producer();
    }
}
