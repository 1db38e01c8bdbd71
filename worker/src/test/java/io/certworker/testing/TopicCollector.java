package io.certworker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.awaitility.Awaitility;

/** Reads topics from their beginning (read_committed) in the background and keeps every record, for assertions. */
public final class TopicCollector implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public TopicCollector(Consumer<byte[], byte[]> consumer, List<String> topics) {
        this.consumer = consumer;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::collect, "topic-collector");
        thread.setDaemon(true);
        thread.start();
    }

    private void collect() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(50)).forEach(records::add);
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** Every record read so far, in arrival order. */
    public List<ConsumerRecord<byte[], byte[]>> records() {
        return List.copyOf(records);
    }

    public List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        return records.stream().filter(record -> record.topic().equals(topic)).toList();
    }

    /** The records whose JSON value has {@code field} equal to {@code value}. */
    public List<ConsumerRecord<byte[], byte[]>> withField(String field, String value) {
        return records.stream().filter(record -> value.equals(field(record, field))).toList();
    }

    /** Waits until a record matching {@code filter} arrived; returns all matching ones. */
    public List<ConsumerRecord<byte[], byte[]>> await(Predicate<ConsumerRecord<byte[], byte[]>> filter, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20))
                .until(() -> records.stream().anyMatch(filter));
        return records.stream().filter(filter).toList();
    }

    public static String field(ConsumerRecord<byte[], byte[]> record, String name) {
        if (record.value() == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(record.value());
            return node != null && node.hasNonNull(name) ? node.get(name).asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
