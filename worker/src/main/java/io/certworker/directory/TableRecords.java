package io.certworker.directory;

import io.certworker.contracts.RoutingHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The records the worker itself writes to a table topic when it moves a stray record to its key's partition. */
final class TableRecords {
    private TableRecords() {
    }

    /** Whether {@code record} is a tombstone that only clears a stray copy (it deletes nothing). */
    static boolean isCleanup(ConsumerRecord<byte[], byte[]> record) {
        return record.value() == null && record.headers().lastHeader(RoutingHeaders.MOVED_TO) != null;
    }

    /** The tombstone that lets compaction remove a stray record from its partition once it is moved to {@code home}. */
    static ProducerRecord<byte[], byte[]> cleanup(ConsumerRecord<byte[], byte[]> stray, int home) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RoutingHeaders.MOVED_TO, Integer.toString(home).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(stray.topic(), stray.partition(), null, stray.key(), null, headers);
    }
}
