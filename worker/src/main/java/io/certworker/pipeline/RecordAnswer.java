package io.certworker.pipeline;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What one consumed record turned into: the records to publish for it (for a request already answered, only its
 * answered state again), and what to do once they are committed.
 */
record RecordAnswer(List<ProducerRecord<byte[], byte[]>> records, Runnable onPublished) {
    static RecordAnswer publishing(List<ProducerRecord<byte[], byte[]>> records) {
        return new RecordAnswer(List.copyOf(records), () -> { });
    }
}
