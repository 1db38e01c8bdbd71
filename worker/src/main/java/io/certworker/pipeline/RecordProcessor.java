package io.certworker.pipeline;

import io.certworker.handling.CertificateRequestHandler;
import io.certworker.handling.Outcome;
import io.certworker.ledger.LedgerRecords;
import io.certworker.ledger.PublishedCertificates;
import io.certworker.pipeline.RequestDecoder.Decoded;
import io.certworker.validation.ReceivedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumed record, start to finish: decode it; if it is not a request, dead-letter it; if its requestId was
 * already answered with a certificate, answer nothing more; otherwise let the handler answer it, and turn the answer
 * into its outcome record and its state record. The future always completes normally.
 */
final class RecordProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(RecordProcessor.class);

    private final RequestDecoder decoder;
    private final CertificateRequestHandler handler;
    private final RequestStates states;
    private final OutcomeRecords outcomes;
    private final LedgerRecords ledger;
    private final PublishedCertificates published;
    private final DeadLetters deadLetters;
    private final OutcomeLog log;
    private final PipelineObserver observer;

    RecordProcessor(RequestDecoder decoder, CertificateRequestHandler handler, RequestStates states,
                    OutcomeRecords outcomes, LedgerRecords ledger, PublishedCertificates published,
                    DeadLetters deadLetters, OutcomeLog log, PipelineObserver observer) {
        this.decoder = decoder;
        this.handler = handler;
        this.states = states;
        this.outcomes = outcomes;
        this.ledger = ledger;
        this.published = published;
        this.deadLetters = deadLetters;
        this.log = log;
        this.observer = observer;
    }

    CompletableFuture<RecordAnswer> process(ConsumerRecord<byte[], byte[]> record) {
        long started = System.nanoTime();
        try {
            Decoded decoded = decoder.decode(record);
            if (decoded instanceof RequestDecoder.NotARequest notARequest) {
                log.deadLettered(record, notARequest.reason());
                observer.deadLettered();
                return CompletableFuture.completedFuture(
                        RecordAnswer.publishing(List.of(deadLetters.of(record, notARequest.reason()))));
            }
            return answer(((RequestDecoder.Request) decoded).request(), record, started);
        } catch (RuntimeException e) {
            // Not reachable by any input we know of; if it happens, the record must still not block its partition.
            LOG.error("Unexpected failure reading {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
            String reason = "internal error while reading the record: " + e.getClass().getSimpleName();
            return CompletableFuture.completedFuture(RecordAnswer.publishing(List.of(deadLetters.of(record, reason))));
        }
    }

    private CompletableFuture<RecordAnswer> answer(ReceivedRequest request, ConsumerRecord<byte[], byte[]> record,
                                                   long started) {
        String requestId = request.requestId();
        Optional<String> serial = states.answeredWith(record.partition(), requestId);
        if (serial.isPresent()) {
            log.duplicate(requestId, serial.get());
            observer.duplicate();
            return CompletableFuture.completedFuture(RecordAnswer.publishing(List.of()));
        }
        // The same requestId may be in process already (sent twice in a row): wait for it; if it got a certificate,
        // that is this request's answer too.
        CompletableFuture<Outcome> earlier = states.inProcess(requestId);
        // Registered before handling starts: the issuer's draft is written beside the request, by its id.
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        states.processing(requestId, record.partition(), outcome);
        CompletableFuture<Outcome> handled = earlier == null
                ? handle(request)
                : earlier.handle((previous, failure) -> previous).thenCompose(previous ->
                        previous instanceof Outcome.Issued ? CompletableFuture.completedFuture(previous) : handle(request));
        handled.whenComplete((answered, failure) -> {
            if (failure != null) {
                outcome.completeExceptionally(failure);
            } else {
                outcome.complete(answered);
            }
        });
        return outcome.thenApply(answered -> {
            Runnable done = () -> states.processed(requestId, outcome);
            if (earlier != null && answered == earlier.getNow(null)) {
                log.duplicate(requestId, ((Outcome.Issued) answered).certificate().serialNumber().toString());
                observer.duplicate();
                return new RecordAnswer(List.of(), done);
            }
            long handling = System.nanoTime() - started;
            log.answered(answered, handling);
            observer.answered(answered, handling);
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            records.add(outcomes.of(answered, record));
            Optional<ProducerRecord<byte[], byte[]>> entry = answered instanceof Outcome.Issued issued
                    ? Optional.of(ledger.of(issued.groupId(), issued.username(), issued.certificate(),
                            issued.renewalOf()))
                    : Optional.empty();
            entry.ifPresent(records::add);
            Optional<ProducerRecord<byte[], byte[]>> state = states.recordOf(answered, record.partition());
            state.ifPresent(records::add);
            return new RecordAnswer(List.copyOf(records), () -> {
                observer.published(answered, record.timestamp());
                state.ifPresent(states::published);
                entry.ifPresent(ledgerRecord -> {
                    Outcome.Issued issued = (Outcome.Issued) answered;
                    published.published(requestId, issued.groupId(), issued.username(),
                            new String(ledgerRecord.key(), java.nio.charset.StandardCharsets.UTF_8),
                            issued.certificate().notAfter());
                });
                done.run();
            });
        }).exceptionally(failure -> {
            // Not reachable: the handler answers every request. Never block the partition if it happens.
            LOG.error("Unexpected failure answering request {}", requestId, failure);
            states.processed(requestId, outcome);
            return RecordAnswer.publishing(List.of(deadLetters.of(record, "internal error: " + failure)));
        });
    }

    private CompletableFuture<Outcome> handle(ReceivedRequest request) {
        return handler.handle(request).toCompletableFuture();
    }
}
