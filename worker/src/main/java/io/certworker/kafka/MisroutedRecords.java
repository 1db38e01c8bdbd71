package io.certworker.kafka;

import io.certworker.contracts.RoutingHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records found on a partition other than their key's ({@link KeyPartitions}): what they are copied as, which producer
 * pattern put them there, and the one warning per topic and pattern that tells the operator what to set.
 *
 * <p>librdkafka (kcat, confluent-kafka for Python and Go, node-rdkafka) hashes keys with CRC32 by default
 * ({@code partitioner=consistent_random}); Java's clients with murmur2. A record whose partition is its key's CRC32
 * partition was most likely sent by a librdkafka client with its default; any other was placed by its producer (an
 * explicit partition, a custom partitioner).
 */
public final class MisroutedRecords {
    private static final Logger LOG = LoggerFactory.getLogger(MisroutedRecords.class);

    /** How a producer put a record off its key's partition. */
    public enum Pattern {
        /** librdkafka's default partitioner: CRC32 of the key. */
        CRC32("crc32", "it looks sent by a librdkafka client (kcat, confluent-kafka, node-rdkafka) with its default "
                + "partitioner: set partitioner=murmur2_random on that producer (kcat: -X partitioner=murmur2_random)"),
        /** Anything else: an explicit partition, another partitioner. */
        OTHER("other", "its producer chose the partition itself (an explicit partition or a custom partitioner): let "
                + "it use the key's default partition (Java's murmur2; librdkafka: partitioner=murmur2_random)");

        private final String label;
        private final String advice;

        Pattern(String label, String advice) {
            this.label = label;
            this.advice = advice;
        }

        /** The metric label. */
        public String label() {
            return label;
        }
    }

    /** Told of every misrouted record, for metrics. */
    public interface Observer {
        void misrouted(String topic, Pattern pattern);

        Observer NONE = (topic, pattern) -> { };
    }

    private final Observer observer;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public MisroutedRecords(Observer observer) {
        this.observer = observer;
    }

    /** Whether {@code record} has a key and lies off that key's partition in a topic of {@code partitions}. */
    public static boolean isMisrouted(ConsumerRecord<byte[], byte[]> record, int partitions) {
        return record.key() != null && KeyPartitions.of(record.key(), partitions) != record.partition();
    }

    /** Notes a misrouted record: counts it, and warns once per topic and pattern. */
    public void noted(ConsumerRecord<byte[], byte[]> record, int partitions) {
        Pattern pattern = patternOf(record, partitions);
        observer.misrouted(record.topic(), pattern);
        if (warned.add(record.topic() + "/" + pattern.label())) {
            LOG.warn("Records of {} arrive on partitions other than their key's (for example partition {} offset {}, "
                            + "whose key belongs on partition {}): {}. The worker moves them to their key's partition, "
                            + "so every guarantee still holds; this is said once per topic and pattern.",
                    record.topic(), record.partition(), record.offset(),
                    KeyPartitions.of(record.key(), partitions), pattern.advice);
        }
    }

    /** The copy of {@code record} on its key's partition: key, value, headers and timestamp, and where it came from. */
    public static ProducerRecord<byte[], byte[]> forwarded(ConsumerRecord<byte[], byte[]> record, int partitions) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        headers.remove(RoutingHeaders.FORWARDED_FROM);
        headers.add(RoutingHeaders.FORWARDED_FROM, utf8(record.topic() + "-" + record.partition() + "-"
                + record.offset()));
        return new ProducerRecord<>(record.topic(), KeyPartitions.of(record.key(), partitions),
                record.timestamp() > 0 ? record.timestamp() : null, record.key(), record.value(), headers);
    }

    /** Whether {@code record} is a copy the worker forwarded to its key's partition. */
    public static boolean isForwarded(ConsumerRecord<byte[], byte[]> record) {
        return record.headers().lastHeader(RoutingHeaders.FORWARDED_FROM) != null;
    }

    /** Where a forwarded copy came from ({@code <topic>-<partition>-<offset>}), or null for a record sent as it is. */
    public static String forwardedFrom(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(RoutingHeaders.FORWARDED_FROM);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static Pattern patternOf(ConsumerRecord<byte[], byte[]> record, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(record.key());
        return crc.getValue() % partitions == record.partition() ? Pattern.CRC32 : Pattern.OTHER;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
