package io.certworker.directory;

import io.certworker.contracts.EventCodec;
import io.certworker.contracts.UserSecurity;
import io.certworker.kafka.MisroutedRecords;
import io.certworker.kafka.TopicTail;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compacted {@code user-security} topic (key {@code groupId}) kept in memory: which projects have a customer CA
 * set. A tombstone, an empty value or a record without {@code customerX509} clears it. Records on a partition other
 * than their key's count too, by {@link KeyedTable}'s rules (a tie goes to the customer CA: it refuses certificates).
 */
public final class KafkaProjectSecurity implements ProjectSecurity, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaProjectSecurity.class);

    private final String topic;
    private final TopicTail tail;
    /** groupId → whether it has a customer CA; a cleared setting reads as absent. */
    private final KeyedTable<Boolean> customerX509 = new KeyedTable<>(false);

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
        return customerX509.get(groupId).orElse(false);
    }

    @Override
    public void close() {
        tail.close();
    }

    /** The table, for the component that moves stray records to their key's partition. */
    KeyedTable<Boolean> table() {
        return customerX509;
    }

    /** Completes once everything written to the topic before this call has been read. */
    CompletableFuture<Void> sync() {
        return tail.sync();
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        String groupId = new String(record.key(), StandardCharsets.UTF_8);
        Boolean enabled = null;
        if (record.value() != null && record.value().length > 0) {
            try {
                UserSecurity settings = EventCodec.instance().decode(record.value(), UserSecurity.class);
                enabled = settings.customerX509Enabled() ? Boolean.TRUE : null;
            } catch (IllegalArgumentException e) {
                LOG.warn("Skipping an unreadable {} record at partition {} offset {}: {}", topic, record.partition(),
                        record.offset(), e.getMessage());
                return;
            }
        }
        customerX509.apply(groupId, record.partition(), record.timestamp(), enabled, record.value(),
                MisroutedRecords.isForwarded(record), TableRecords.isCleanup(record));
    }
}
