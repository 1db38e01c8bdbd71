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
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka for a command: checked first to answer and to have the topics the command needs (one clear line and exit
 * code when not), then clients whose blocking calls end within the command's timeout.
 */
final class KafkaAccess {
    /** Connecting is given at most this long, even under a longer --timeout (which is for the answer). */
    static final Duration CONNECT_LIMIT = Duration.ofSeconds(15);

    private KafkaAccess() {
    }

    /**
     * @throws io.certworker.kafka.BrokerUnreachableException when no broker answers in time
     * @throws io.certworker.kafka.MissingTopicsException      when one of {@code topics} does not exist
     */
    static KafkaClients clients(WorkerConfig config, Duration timeout, Collection<String> topics) {
        Map<String, Object> properties = new HashMap<>(config.kafkaClientProperties());
        properties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        properties.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        BrokerProbe.check(properties, Collections.min(List.of(timeout, CONNECT_LIMIT)), topics);
        return new KafkaClients(properties);
    }
}
