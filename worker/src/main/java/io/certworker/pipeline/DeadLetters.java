package io.certworker.pipeline;

import io.certworker.contracts.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record that is not a request, copied byte for byte to the dead-letter topic with where it came from and why.
 *
 * <p>A record too big to be copied with the extra headers (it would be refused by the broker and block the
 * partition) is dead-lettered without its value; the reason says so, and the original stays readable at its source
 * offset.
 */
final class DeadLetters {
    static final int MAX_REASON_LENGTH = 1000;
    /** Kafka's default message limit is 1 MiB; leave room for the record overhead and our headers. */
    static final int MAX_COPIED_BYTES = 1_000_000;
    private final String topic;

    DeadLetters(String topic) {
        this.topic = topic;
    }

    ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(record.topic()));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(record.offset())));
        byte[] value = record.value();
        if (size(record) > MAX_COPIED_BYTES) {
            reason = reason + " (the value, " + value.length + " bytes, was too large to copy)";
            value = null;
        }
        headers.add(DeadLetterHeaders.REASON, utf8(reason.length() > MAX_REASON_LENGTH
                ? reason.substring(0, MAX_REASON_LENGTH) + "…" : reason));
        return new ProducerRecord<>(topic, null, null, record.key(), value, headers);
    }

    private static long size(ConsumerRecord<byte[], byte[]> record) {
        long size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        for (Header header : record.headers()) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
