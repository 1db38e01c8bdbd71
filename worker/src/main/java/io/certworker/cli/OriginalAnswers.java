package io.certworker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.EventCodec;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Utils;

/**
 * Finds the issued event a request was answered with earlier, knowing its key, serial and when it was answered: in
 * the key's partition of the issued topic (the worker publishes outcomes with Kafka's default partitioner, murmur2 of
 * the key), read forward from a minute before the answer (clocks of several instances may differ that much).
 */
final class OriginalAnswers {
    static final Duration CLOCK_MARGIN = Duration.ofSeconds(60);

    private final ObjectMapper mapper = EventCodec.instance().mapper();
    private final Consumer<byte[], byte[]> consumer;

    OriginalAnswers(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /** The murmur2 partition of {@code key} among {@code partitions}, as Kafka's Java producers choose it. */
    static int partitionOf(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /**
     * The event, or empty when the topic no longer holds it (its retention ran out).
     *
     * @throws TimeoutException when the partition cannot be read that far within {@code timeout}
     */
    Optional<CertificateIssued> find(String topic, byte[] key, String requestId, String serialNumber,
                                     Instant answeredAt, Duration timeout) {
        int partitions = consumer.partitionsFor(topic, timeout).size();
        TopicPartition partition = new TopicPartition(topic, partitionOf(key, partitions));
        consumer.assign(List.of(partition));
        OffsetAndTimestamp from = consumer.offsetsForTimes(Map.of(partition,
                answeredAt.minus(CLOCK_MARGIN).toEpochMilli()), timeout).get(partition);
        if (from == null) {
            return Optional.empty(); // nothing that recent: the event is gone
        }
        long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
        consumer.seek(partition, from.offset());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(partition, timeout) < end) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("cannot read " + partition + " from offset " + from.offset() + " to "
                        + end + " within " + timeout.toSeconds() + " s");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() != null && matches(record.value(), requestId, serialNumber)) {
                    return Optional.of(EventCodec.instance().decode(record.value(), CertificateIssued.class));
                }
            }
        }
        return Optional.empty();
    }

    private boolean matches(byte[] value, String requestId, String serialNumber) {
        try {
            JsonNode event = mapper.readTree(value);
            return event != null && requestId.equals(event.path("requestId").asText(null))
                    && serialNumber.equals(event.path("serialNumber").asText(null));
        } catch (IOException e) {
            return false;
        }
    }
}
