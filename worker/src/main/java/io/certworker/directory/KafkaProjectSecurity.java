package io.certworker.directory;

import io.certworker.contracts.EventCodec;
import io.certworker.contracts.UserSecurity;
import io.certworker.kafka.TopicTail;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compacted {@code user-security} topic (key {@code groupId}) kept in memory: which projects have a customer CA
 * set. A tombstone, an empty value or a record without {@code customerX509} clears it.
 */
public final class KafkaProjectSecurity implements ProjectSecurity, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaProjectSecurity.class);

    private final String topic;
    private final TopicTail tail;
    private final Map<String, Boolean> customerX509 = new ConcurrentHashMap<>();

    public KafkaProjectSecurity(Supplier<Consumer<byte[], byte[]>> consumers, String topic) {
        this.topic = topic;
        this.tail = new TopicTail(consumers, topic, this::apply);
    }

    /** Reads the topic to its end, then keeps following it. */
    public void start(Duration timeout) throws InterruptedException, TimeoutException {
        tail.start();
        tail.awaitCaughtUp(timeout);
    }

    public boolean isCaughtUp() {
        return tail.isCaughtUp();
    }

    @Override
    public boolean customerX509Enabled(String groupId) {
        return customerX509.getOrDefault(groupId, false);
    }

    @Override
    public void close() {
        tail.close();
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        String groupId = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null || record.value().length == 0) {
            customerX509.remove(groupId);
            return;
        }
        try {
            UserSecurity settings = EventCodec.instance().decode(record.value(), UserSecurity.class);
            if (settings.customerX509Enabled()) {
                customerX509.put(groupId, true);
            } else {
                customerX509.remove(groupId);
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping an unreadable {} record at partition {} offset {}: {}", topic, record.partition(),
                    record.offset(), e.getMessage());
        }
    }
}
