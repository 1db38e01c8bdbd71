package io.certworker.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.certworker.kafka.TopicTail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The worker's own compacted topic {@code cert-lifecycle-state}, read whole by every instance: per certificate
 * (key: its ledger key), that its expiry warning was published, in the warning's own transaction. Each marker lives in
 * the partition of its user's key, the one whose owner publishes the user's warnings. A marker is tombstoned once its
 * certificate has long expired.
 *
 * <p>Value: {@code {"schemaVersion":1,"state":"expiryWarned","notAfter":"…","expiryWarnedAt":"…"}}.
 */
final class ExpiryMarkers implements AutoCloseable {
    private final String topic;
    private final TopicTail tail;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Marker> markers = new ConcurrentHashMap<>();

    record Marker(int partition, Instant notAfter) {
    }

    ExpiryMarkers(Supplier<Consumer<byte[], byte[]>> consumers, String topic) {
        this.topic = topic;
        this.tail = new TopicTail(consumers, topic, this::apply);
    }

    void start(Duration timeout) throws InterruptedException, TimeoutException {
        tail.start();
        tail.awaitCaughtUp(timeout);
    }

    boolean isCaughtUp() {
        return tail.isCaughtUp();
    }

    CompletableFuture<Void> sync() {
        return tail.sync();
    }

    boolean warned(String ledgerKey) {
        return markers.containsKey(ledgerKey);
    }

    /** The markers of {@code partition} whose certificate expired before {@code cutoff}. */
    List<String> expiredBefore(int partition, Instant cutoff) {
        List<String> expired = new ArrayList<>();
        markers.forEach((key, marker) -> {
            if (marker.partition() == partition && marker.notAfter().isBefore(cutoff)) {
                expired.add(key);
            }
        });
        return expired;
    }

    /** The marker record of a warning published now. */
    ProducerRecord<byte[], byte[]> marker(int partition, String ledgerKey, Instant notAfter, Instant warnedAt) {
        ObjectNode value = json.createObjectNode()
                .put("schemaVersion", 1)
                .put("state", "expiryWarned")
                .put("notAfter", notAfter.toString())
                .put("expiryWarnedAt", warnedAt.toString());
        try {
            return new ProducerRecord<>(topic, partition, ledgerKey.getBytes(StandardCharsets.UTF_8),
                    json.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ProducerRecord<byte[], byte[]> tombstone(int partition, String ledgerKey) {
        return new ProducerRecord<>(topic, partition, ledgerKey.getBytes(StandardCharsets.UTF_8), null);
    }

    /** Takes in what a committed transaction wrote, before the topic says it. */
    void published(ProducerRecord<byte[], byte[]> record) {
        apply(record.partition(), record.key(), record.value());
    }

    @Override
    public void close() {
        tail.close();
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        apply(record.partition(), record.key(), record.value());
    }

    private void apply(int partition, byte[] key, byte[] value) {
        if (key == null) {
            return;
        }
        String ledgerKey = new String(key, StandardCharsets.UTF_8);
        if (value == null) {
            markers.remove(ledgerKey);
            return;
        }
        try {
            JsonNode node = json.readTree(value);
            markers.put(ledgerKey, new Marker(partition, Instant.parse(node.path("notAfter").asText())));
        } catch (IOException | DateTimeParseException e) {
            // Unreadable: still a warning published (never warn twice); kept until a restart forgets it.
            markers.put(ledgerKey, new Marker(partition, Instant.MAX));
        }
    }
}
