package io.certworker.pipeline;

import io.certworker.handling.CertificateRequestHandler;
import io.certworker.handling.Outcome;
import io.certworker.kafka.MisroutedRecords;
import io.certworker.ledger.LedgerRecords;
import io.certworker.pipeline.RecordAnswer.Settlement;
import io.certworker.requeststate.KafkaMintJournal;
import io.certworker.requeststate.RequestGuard;
import io.certworker.requeststate.RequestStateRecords;
import io.certworker.validation.ReceivedRequest;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumed record, start to finish: off its key's partition, move it there (it is answered there, in its key's
 * order, where its requestId's state lies); decode it (not a request: dead-letter it); ask the guard whether it must be
 * handled (answered before: publish only its state record again, nothing new); let the handler answer it; and turn
 * the outcome into the records of one transaction: the outcome event, and for a certificate its ledger entry and
 * answered state (which replaces its draft), else the draft's tombstone if there was one. What the commit makes true
 * is applied afterwards by {@link PublishedEffects}. The future always completes normally.
 */
final class RecordProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(RecordProcessor.class);

    private final RequestDecoder decoder;
    private final CertificateRequestHandler handler;
    private final RequestGuard guard;
    private final KafkaMintJournal journal;
    private final RequestStateRecords states;
    private final OutcomeRecords outcomes;
    private final LedgerRecords ledger;
    private final DeadLetters deadLetters;
    private final OutcomeLog log;
    private final PipelineObserver observer;
    private final int partitions;
    private final MisroutedRecords misrouted;
    private final Clock clock;

    /** @param partitions how many partitions the requests topic has */
    RecordProcessor(RequestDecoder decoder, CertificateRequestHandler handler, RequestGuard guard,
                    KafkaMintJournal journal, RequestStateRecords states, OutcomeRecords outcomes,
                    LedgerRecords ledger, DeadLetters deadLetters, OutcomeLog log, PipelineObserver observer,
                    int partitions, Clock clock) {
        this.decoder = decoder;
        this.handler = handler;
        this.guard = guard;
        this.journal = journal;
        this.states = states;
        this.outcomes = outcomes;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.log = log;
        this.observer = observer;
        this.partitions = partitions;
        this.misrouted = new MisroutedRecords(observer::misrouted);
        this.clock = clock;
    }

    CompletableFuture<RecordAnswer> process(ConsumerRecord<byte[], byte[]> record) {
        long started = System.nanoTime();
        try {
            if (MisroutedRecords.isMisrouted(record, partitions)) {
                misrouted.noted(record, partitions);
                return CompletableFuture.completedFuture(
                        RecordAnswer.publishing(List.of(MisroutedRecords.forwarded(record, partitions))));
            }
            RequestDecoder.Decoded decoded = decoder.decode(record);
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
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        RequestGuard.Verdict verdict = guard.check(record.partition(), requestId, outcome);
        if (verdict instanceof RequestGuard.Answered answered) {
            return CompletableFuture.completedFuture(
                    duplicate(request, record, answered.serialNumber(), answered.answeredAt(), null));
        }
        // The same requestId in process already (sent twice in a row): if the earlier one gets a certificate, that is
        // this request's answer too.
        CompletableFuture<Outcome> earlier = verdict instanceof RequestGuard.After after ? after.earlier() : null;
        CompletableFuture<Outcome> handled = earlier == null ? handle(request)
                : earlier.handle((previous, failure) -> previous).thenCompose(previous ->
                        previous instanceof Outcome.Issued ? CompletableFuture.completedFuture(previous)
                                : handle(request));
        handled.whenComplete((answered, failure) -> {
            if (failure != null) {
                outcome.completeExceptionally(failure);
            } else {
                outcome.complete(answered);
            }
        });
        return outcome.thenApply(answered -> {
            if (earlier != null && answered == earlier.getNow(null)) {
                BigInteger serial = ((Outcome.Issued) answered).certificate().serialNumber();
                return duplicate(request, record, serial, now(), outcome);
            }
            long handling = System.nanoTime() - started;
            log.answered(answered, handling);
            observer.answered(answered, handling);
            return published(answered, record, outcome);
        }).exceptionally(failure -> {
            // Not reachable: the handler answers every request. Never block the partition if it happens.
            LOG.error("Unexpected failure answering request {}", requestId, failure);
            guard.released(requestId, outcome);
            return RecordAnswer.publishing(List.of(deadLetters.of(record, "internal error: " + failure)));
        });
    }

    /** The outcome's event, and what it means for the request's state and the ledger, to publish together. */
    private RecordAnswer published(Outcome answered, ConsumerRecord<byte[], byte[]> record,
                                   CompletableFuture<Outcome> claim) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(outcomes.of(answered, record));
        Instant answeredAt = null;
        if (answered instanceof Outcome.Issued issued) {
            answeredAt = now();
            records.add(ledger.of(issued.groupId(), issued.username(), issued.certificate(), issued.renewalOf()));
            records.add(states.answered(record.partition(), issued.requestId(), issued.groupId(), issued.username(),
                    issued.certificate().serialNumber(), issued.certificate().issuer(), answeredAt));
        } else if (journal.holds(answered.requestId())) {
            records.add(states.tombstone(record.partition(), answered.requestId()));
        }
        return new RecordAnswer(records, new Settlement(record.partition(), answered.requestId(), claim, answered,
                answeredAt, record.timestamp()));
    }

    /**
     * A request whose requestId was answered with a certificate before: nothing new is minted or published but its
     * answered state, written again unchanged, so a client watching the state topic learns it was answered, and when.
     */
    private RecordAnswer duplicate(ReceivedRequest request, ConsumerRecord<byte[], byte[]> record, BigInteger serial,
                                   Instant answeredAt, CompletableFuture<Outcome> claim) {
        log.duplicate(request.requestId(), serial.toString());
        observer.duplicate();
        // Only what the guard remembers: this record's groupId and username need not be the original's.
        ProducerRecord<byte[], byte[]> state = states.answered(record.partition(), request.requestId(), null, null,
                serial, null, answeredAt);
        return new RecordAnswer(List.of(state), new Settlement(record.partition(), request.requestId(), claim, null,
                answeredAt, record.timestamp()));
    }

    /** Answer times are kept to the second: that is what the guard remembers, and what a state record says. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private CompletableFuture<Outcome> handle(ReceivedRequest request) {
        return handler.handle(request).toCompletableFuture();
    }
}
