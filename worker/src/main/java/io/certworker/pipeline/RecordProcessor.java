package io.certworker.pipeline;

import io.certworker.handling.CertificateRequestHandler;
import io.certworker.handling.Outcome;
import io.certworker.pipeline.RequestDecoder.Decoded;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumed record, start to finish: decode it; if it is not a request, dead-letter it; otherwise let the handler
 * answer it and turn the answer into its outcome record. The future always completes normally with the records to
 * publish for this one record.
 */
final class RecordProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(RecordProcessor.class);

    private final RequestDecoder decoder;
    private final CertificateRequestHandler handler;
    private final OutcomeRecords outcomes;
    private final DeadLetters deadLetters;
    private final OutcomeLog log;

    RecordProcessor(RequestDecoder decoder, CertificateRequestHandler handler, OutcomeRecords outcomes,
                    DeadLetters deadLetters, OutcomeLog log) {
        this.decoder = decoder;
        this.handler = handler;
        this.outcomes = outcomes;
        this.deadLetters = deadLetters;
        this.log = log;
    }

    CompletableFuture<List<ProducerRecord<byte[], byte[]>>> process(ConsumerRecord<byte[], byte[]> record) {
        long started = System.nanoTime();
        try {
            Decoded decoded = decoder.decode(record);
            if (decoded instanceof RequestDecoder.NotARequest notARequest) {
                log.deadLettered(record, notARequest.reason());
                return CompletableFuture.completedFuture(List.of(deadLetters.of(record, notARequest.reason())));
            }
            return handler.handle(((RequestDecoder.Request) decoded).request())
                    .thenApply(outcome -> publish(outcome, record, started))
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            // Not reachable by any input we know of; if it happens, the record must still not block its partition.
            LOG.error("Unexpected failure reading {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
            String reason = "internal error while reading the record: " + e.getClass().getSimpleName();
            return CompletableFuture.completedFuture(List.of(deadLetters.of(record, reason)));
        }
    }

    private List<ProducerRecord<byte[], byte[]>> publish(Outcome outcome, ConsumerRecord<byte[], byte[]> record,
                                                         long started) {
        log.answered(outcome, System.nanoTime() - started);
        return List.of(outcomes.of(outcome, record));
    }
}
