package io.certworker.testing.processes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every outcome the worker made visible: the issued and failed topics read from their beginning with
 * {@code isolation.level=read_committed} (what any downstream reader sees), in the background, grouped by requestId.
 * It keeps reading through a broker outage (the consumer reconnects by itself).
 */
public final class Outcomes implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One outcome record as read. */
    public record Outcome(String topic, int partition, long offset, Instant producedAt, Instant readAt,
                          String requestId, String groupId, String username, boolean issued, String serialNumber,
                          String pem, String caCertificatePem, String errorCode) {
    }

    private final String issuedTopic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Outcome> all = new CopyOnWriteArrayList<>();
    private final Map<String, List<Outcome>> byRequest = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    private Outcomes(String bootstrapServers, String issuedTopic, String failedTopic) {
        this(bootstrapServers, issuedTopic, failedTopic, true);
    }

    private Outcomes(String bootstrapServers, String issuedTopic, String failedTopic, boolean background) {
        this.issuedTopic = issuedTopic;
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(issuedTopic, failedTopic)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                consumer.close();
                throw new IllegalStateException("topic " + topic + " does not exist (has a worker created it?)");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::collect, "outcomes-" + issuedTopic);
        thread.setDaemon(true);
        if (background) {
            thread.start();
        }
    }

    /**
     * Everything on both topics now, read by a fresh read_committed consumer up to the last stable offset of every
     * partition: the final, independent view for assertions (taken once the workers stopped).
     */
    public static List<Outcome> readAll(String bootstrapServers, String issuedTopic, String failedTopic) {
        Outcomes reader = new Outcomes(bootstrapServers, issuedTopic, failedTopic, false);
        try {
            return reader.readToEnd(Duration.ofSeconds(60));
        } finally {
            reader.consumer.close(Duration.ofSeconds(5));
        }
    }

    private List<Outcome> readToEnd(Duration timeout) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
        List<Outcome> read = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("could not read " + issuedTopic + " to its end within " + timeout);
            }
            consumer.poll(Duration.ofMillis(100)).forEach(record -> read.add(parse(record)));
        }
        return read;
    }

    /** Starts reading both topics (they must exist) from their beginning. */
    public static Outcomes collect(String bootstrapServers, String issuedTopic, String failedTopic) {
        return new Outcomes(bootstrapServers, issuedTopic, failedTopic);
    }

    private void collect() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    Outcome outcome = parse(record);
                    all.add(outcome);
                    byRequest.computeIfAbsent(String.valueOf(outcome.requestId()), id -> new CopyOnWriteArrayList<>())
                            .add(outcome);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private Outcome parse(ConsumerRecord<byte[], byte[]> record) {
        JsonNode value;
        try {
            value = record.value() == null ? JSON.createObjectNode() : JSON.readTree(record.value());
        } catch (IOException e) {
            value = JSON.createObjectNode();
        }
        boolean issued = record.topic().equals(issuedTopic);
        return new Outcome(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), Instant.now(), text(value, "requestId"),
                text(value, "groupId"), text(value, "username"), issued, text(value, "serialNumber"),
                text(value, "pem"), text(value, "caCertificatePem"), text(value, "errorCode"));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    /** How many distinct requestIds have at least one visible outcome. */
    public int answered() {
        checkHealthy();
        return byRequest.size();
    }

    /** Every outcome record read, in the order read. */
    public List<Outcome> all() {
        checkHealthy();
        return List.copyOf(all);
    }

    /** requestId → its outcome records (normally one). */
    public Map<String, List<Outcome>> byRequestId() {
        checkHealthy();
        Map<String, List<Outcome>> copy = new HashMap<>();
        byRequest.forEach((id, outcomes) -> copy.put(id, List.copyOf(outcomes)));
        return copy;
    }

    /** The first outcome read (made visible to a read_committed reader) at or after {@code instant}, if any. */
    public Outcome firstReadAtOrAfter(Instant instant) {
        return all.stream().filter(outcome -> !outcome.readAt().isBefore(instant))
                .min(java.util.Comparator.comparing(Outcome::readAt)).orElse(null);
    }

    /** The first outcome produced (by record timestamp) at or after {@code instant}, if any. */
    public Outcome firstProducedAtOrAfter(Instant instant) {
        return all.stream().filter(outcome -> !outcome.producedAt().isBefore(instant))
                .min(java.util.Comparator.comparing(Outcome::producedAt)).orElse(null);
    }

    /**
     * Waits until at least {@code count} requests are answered, checking {@code healthy} on the way (which throws
     * with a clear message when a process died); fails with {@code describe}'s text after {@code timeout}.
     */
    public void awaitAnswered(int count, Duration timeout, Runnable healthy, java.util.function.Supplier<String> describe)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answered() < count) {
            healthy.run();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + answered() + " of " + count + " requests were answered within "
                        + timeout + describe.get());
            }
            Thread.sleep(20);
        }
    }

    /** Waits until {@code condition} holds or time runs out; true if it held. */
    public static boolean waitUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Distinct requestIds among {@code outcomes}. */
    public static long distinctRequestIds(Collection<Outcome> outcomes) {
        return outcomes.stream().map(Outcome::requestId).distinct().count();
    }

    private void checkHealthy() {
        if (failure != null) {
            throw new IllegalStateException("the outcome reader failed: " + failure, failure);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
