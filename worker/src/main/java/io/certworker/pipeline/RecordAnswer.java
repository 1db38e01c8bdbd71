package io.certworker.pipeline;

import io.certworker.handling.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What one consumed record turned into: the records to publish for it (in one transaction with its offset), and what
 * their commit makes true beyond Kafka.
 *
 * @param records     what to publish: an outcome (with its ledger entry and state record), a dead letter, or, for a
 *                    request answered before, only its state record again
 * @param settlement  what the commit makes true of a request; null for a record that is not a request
 * @param afterCommit what the commit makes true for a record that is not a request (a revocation: the certificate
 *                    table and the metrics); null when nothing
 */
record RecordAnswer(List<ProducerRecord<byte[], byte[]>> records, Settlement settlement, Runnable afterCommit) {
    RecordAnswer {
        records = List.copyOf(records);
    }

    /** The answer to a request. */
    RecordAnswer(List<ProducerRecord<byte[], byte[]>> records, Settlement settlement) {
        this(records, settlement, null);
    }

    /** Records that settle no request: a dead letter. */
    static RecordAnswer publishing(List<ProducerRecord<byte[], byte[]>> records) {
        return new RecordAnswer(records, null, null);
    }

    /** Records that settle no request, and what their commit makes true. */
    static RecordAnswer publishing(List<ProducerRecord<byte[], byte[]>> records, Runnable afterCommit) {
        return new RecordAnswer(records, null, afterCommit);
    }

    /**
     * A request settled by the commit of its answer.
     *
     * @param partition        the partition of the requests topic it was read from
     * @param requestId        its id
     * @param claim            its outcome to be, as noted in process with the guard (null when it was not)
     * @param outcome          the outcome published; null when it was answered before and nothing new is published
     * @param answeredAt       when an issued outcome was answered, as its state record says
     * @param requestTimestamp the request record's timestamp
     */
    record Settlement(int partition, String requestId, CompletableFuture<Outcome> claim, Outcome outcome,
                      Instant answeredAt, long requestTimestamp) {
    }
}
