package io.certworker.pipeline;

import io.certworker.apierror.AtlasApiError;
import io.certworker.apierror.ErrorCode;
import io.certworker.contracts.CertificateRevoked;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.SchemaVersion;
import io.certworker.contracts.Topics;
import io.certworker.directory.UserDirectory;
import io.certworker.directory.UserLookup;
import io.certworker.handling.Outcome;
import io.certworker.kafka.MisroutedRecords;
import io.certworker.ledger.LedgerRecords;
import io.certworker.lifecycle.LifecycleTopics;
import io.certworker.revocation.CertificateRecord;
import io.certworker.revocation.CertificateTable;
import io.certworker.revocation.ReceivedRevocation;
import io.certworker.revocation.RevocationDecision;
import io.certworker.revocation.RevocationObserver;
import io.certworker.revocation.RevocationOrder;
import io.certworker.revocation.RevocationValidator;
import io.certworker.revocation.Revocations;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumed record of the revocations topic, start to finish, in the shape {@link RecordProcessor} gives the loop:
 * decode it (not a JSON object: dead letter); check it; decide it against the ledger (read to its end first when the
 * serial is not known yet: its issuance may have just been committed); answer with a {@code cert-revoked} event and
 * the certificate's ledger entry marked revoked, or a {@code cert-failed} envelope. The loop publishes the answer in
 * order, in one transaction with the record's offset. The future always completes normally.
 *
 * <p>Decisions about one certificate are made one after the other, in the order their records were consumed. A
 * revocation decided for a record is that certificate's "revoked before" for every later record of the same partition
 * until its transaction is committed: the loop commits a partition's answers in order, so none of those later
 * answers can be committed without it.
 */
public final class RevocationRecordProcessor {
    private static final Logger OUTCOMES = LoggerFactory.getLogger("io.certworker.outcomes");
    private static final Logger LOG = LoggerFactory.getLogger(RevocationRecordProcessor.class);
    /** A decided revocation never committed (its partition moved away) is forgotten after this. */
    private static final Duration PENDING_LIFETIME = Duration.ofHours(1);

    private final LifecycleTopics topics;
    private final String failedTopic;
    private final DeadLetters deadLetters;
    private final LedgerRecords ledgerRecords;
    private final Supplier<CompletableFuture<Void>> ledgerSync;
    private final CertificateTable table;
    private final UserDirectory directory;
    private final Duration syncTimeout;
    private final RevocationObserver observer;
    private final int partitions;
    private final MisroutedRecords misrouted;
    private final Clock clock;
    private final RevocationDecoder decoder = new RevocationDecoder();
    private final RevocationValidator validator = new RevocationValidator();
    private final Revocations revocations = new Revocations();
    private final EventCodec codec = EventCodec.instance();
    /** Ledger key → the last decision step about it, so that decisions about one certificate run one at a time. */
    private final Map<String, CompletableFuture<RevocationDecision>> decisions = new ConcurrentHashMap<>();
    /** Ledger key → a revocation decided and not yet known to be committed. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(int partition, long offset, CertificateRecord revoked, Instant decidedAt) {
    }

    /**
     * @param failedTopic   where refusals go ({@code cert-failed})
     * @param deadLetterTopic where records that are not requests go
     * @param ledgerRecords writes ledger entries
     * @param ledgerSync    completes once the ledger has been read up to its end as of the call
     * @param table         the certificates the ledger knows
     * @param directory     the users, to tell an unknown project from an unknown serial
     * @param syncTimeout   how long a lookup may wait for the ledger or the directory to catch up
     * @param partitions    the revocations topic's partition count: a record off its key's partition is moved there
     *                      first, so that the decisions about one user's certificates stay in one partition's order
     */
    public RevocationRecordProcessor(LifecycleTopics topics, String failedTopic, String deadLetterTopic,
                                     LedgerRecords ledgerRecords, Supplier<CompletableFuture<Void>> ledgerSync,
                                     CertificateTable table, UserDirectory directory, Duration syncTimeout,
                                     RevocationObserver observer, int partitions, MisroutedRecords misrouted,
                                     Clock clock) {
        this.topics = topics;
        this.failedTopic = failedTopic;
        this.deadLetters = new DeadLetters(deadLetterTopic);
        this.ledgerRecords = ledgerRecords;
        this.ledgerSync = ledgerSync;
        this.table = table;
        this.directory = directory;
        this.syncTimeout = syncTimeout;
        this.observer = observer;
        this.partitions = partitions;
        this.misrouted = misrouted;
        this.clock = clock;
    }

    /** The topic this processor's records come from. */
    public String topic() {
        return topics.revocations();
    }

    CompletableFuture<RecordAnswer> process(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (MisroutedRecords.isMisrouted(record, partitions)) {
                misrouted.noted(record, partitions);
                return CompletableFuture.completedFuture(
                        RecordAnswer.publishing(List.of(MisroutedRecords.forwarded(record, partitions))));
            }
            RevocationDecoder.Decoded decoded = decoder.decode(record);
            if (decoded instanceof RevocationDecoder.NotARevocation not) {
                LOG.warn("topic={} partition={} offset={} outcome=dead-lettered reason={}", record.topic(),
                        record.partition(), record.offset(), OutcomeLog.quoted(not.reason()));
                observer.deadLettered();
                return CompletableFuture.completedFuture(
                        RecordAnswer.publishing(List.of(deadLetters.of(record, not.reason()))));
            }
            ReceivedRevocation received = ((RevocationDecoder.Revocation) decoded).revocation();
            RevocationValidator.Verdict verdict = validator.validate(received);
            if (verdict instanceof RevocationValidator.Invalid invalid) {
                return CompletableFuture.completedFuture(refused(received.requestId(), received.groupId(),
                        received.username(), invalid.error(), true, record));
            }
            RevocationOrder order = ((RevocationValidator.Valid) verdict).order();
            return decideInTurn(order, record)
                    .thenApply(decision -> answer(order, decision, record))
                    .exceptionally(failure -> {
                        LOG.error("Unexpected failure answering revocation {}", order.requestId(), failure);
                        return refused(order.requestId(), order.groupId(), order.username(),
                                ErrorCode.UNEXPECTED_ERROR.error().asRetryable(), true, record);
                    });
        } catch (RuntimeException e) {
            // Not reachable by any input we know of; if it happens, the record must still not block its partition.
            LOG.error("Unexpected failure reading {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
            return CompletableFuture.completedFuture(RecordAnswer.publishing(List.of(deadLetters.of(record,
                    "internal error while reading the record: " + e.getClass().getSimpleName()))));
        }
    }

    /** Decides after every earlier decision about the same certificate. */
    private CompletableFuture<RevocationDecision> decideInTurn(RevocationOrder order,
                                                               ConsumerRecord<byte[], byte[]> record) {
        String key = order.ledgerKey();
        CompletableFuture<RevocationDecision> step = new CompletableFuture<>();
        CompletableFuture<RevocationDecision> previous = decisions.put(key, step);
        CompletableFuture<?> turn = previous == null ? CompletableFuture.completedFuture(null)
                : previous.handle((decision, failure) -> null);
        turn.thenCompose(ignored -> decide(order, record)).whenComplete((decision, failure) -> {
            if (failure != null) {
                step.completeExceptionally(failure);
            } else {
                step.complete(decision);
            }
            decisions.remove(key, step);
        });
        return step;
    }

    private CompletionStage<RevocationDecision> decide(RevocationOrder order, ConsumerRecord<byte[], byte[]> record) {
        Optional<CertificateRecord> known = table.find(order.groupId(), order.username(), order.serial());
        if (known.isPresent() && known.get().revoked()) {
            return CompletableFuture.completedFuture(decideNow(order, known, true, record));
        }
        // Not known, or not revoked, as far as this instance has read: its issuance may have been committed a moment
        // ago, or its revocation by the partition's previous owner. Read the ledger to its end (concurrent requests
        // share one read), then look again: only then is it not found, or revoked now.
        return ledgerSync.get().completeOnTimeout(null, syncTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ignored, failure) -> table.find(order.groupId(), order.username(), order.serial()))
                .thenCompose(found -> {
                    if (found.isPresent() || table.knowsGroup(order.groupId())) {
                        return CompletableFuture.completedFuture(decideNow(order, found, true, record));
                    }
                    return directory.lookUp(order.groupId(), order.username()).thenApply(lookup ->
                            decideNow(order, found, !(lookup instanceof UserLookup.UnknownGroup), record));
                });
    }

    private RevocationDecision decideNow(RevocationOrder order, Optional<CertificateRecord> known, boolean groupKnown,
                                         ConsumerRecord<byte[], byte[]> record) {
        String key = order.ledgerKey();
        Instant now = clock.instant();
        Pending earlier = pending.get(key);
        if (earlier != null && earlier.decidedAt().plus(PENDING_LIFETIME).isBefore(now)) {
            pending.remove(key, earlier);
            earlier = null;
        }
        Optional<CertificateRecord> decidedBefore = earlier != null && earlier.partition() == record.partition()
                && earlier.offset() < record.offset() ? Optional.of(earlier.revoked()) : Optional.empty();
        RevocationDecision decision = revocations.decide(order, known, decidedBefore, groupKnown, now);
        if (decision instanceof RevocationDecision.Revoke revoke) {
            pending.put(key, new Pending(record.partition(), record.offset(), revoke.certificate(), now));
        }
        return decision;
    }

    private RecordAnswer answer(RevocationOrder order, RevocationDecision decision,
                                ConsumerRecord<byte[], byte[]> record) {
        if (decision instanceof RevocationDecision.Revoke revoke) {
            CertificateRecord revoked = revoke.certificate();
            List<ProducerRecord<byte[], byte[]>> records = List.of(revokedEvent(order, revoked, record),
                    ledgerRecords.of(revoked.ledgerKey(), revoked.toLedgerEntry()));
            return RecordAnswer.publishing(records, () -> {
                table.put(revoked); // at once: the ledger will say the same a moment later
                pending.computeIfPresent(revoked.ledgerKey(),
                        (key, current) -> current.offset() == record.offset()
                                && current.partition() == record.partition() ? null : current);
                observer.revoked(revoked.reason());
                OUTCOMES.info("requestId={} groupId={} username={} outcome=revoked serial={} reason={} revokedAt={}",
                        order.requestId(), order.groupId(), OutcomeLog.quoted(order.username()), revoked.serial(),
                        revoked.reason().wireName(), revoked.revokedAt());
            });
        }
        if (decision instanceof RevocationDecision.AlreadyRevoked already) {
            CertificateRecord revoked = already.certificate();
            OUTCOMES.info("requestId={} groupId={} username={} outcome=already-revoked serial={} reason={} "
                            + "revokedAt={}{}", order.requestId(), order.groupId(), OutcomeLog.quoted(order.username()),
                    revoked.serial(), revoked.reason().wireName(), revoked.revokedAt(),
                    already.answer() ? "" : " (asked by the worker itself: nothing more is published)");
            observer.alreadyRevoked();
            return RecordAnswer.publishing(already.answer() ? List.of(revokedEvent(order, revoked, record))
                    : List.of());
        }
        RevocationDecision.Refused refused = (RevocationDecision.Refused) decision;
        return refused(order.requestId(), order.groupId(), order.username(), refused.error(), refused.answer(),
                record);
    }

    private RecordAnswer refused(String requestId, String groupId, String username, AtlasApiError error,
                                 boolean answer, ConsumerRecord<byte[], byte[]> record) {
        OUTCOMES.info("requestId={} groupId={} username={} outcome=revocation-failed errorCode={} status={}{}",
                requestId, groupId, OutcomeLog.quoted(username), error.errorCode(), error.status(),
                answer ? "" : " (asked by the worker itself: nothing is published)");
        observer.refused(error.errorCode());
        if (!answer) {
            return RecordAnswer.publishing(List.of());
        }
        Outcome.Refused outcome = new Outcome.Refused(requestId, groupId, username, error);
        return RecordAnswer.publishing(List.of(new ProducerRecord<>(failedTopic, null, null,
                key(groupId, username, record), codec.encode(OutcomeRecords.failedEvent(outcome)),
                traceContext(record))));
    }

    private ProducerRecord<byte[], byte[]> revokedEvent(RevocationOrder order, CertificateRecord revoked,
                                                        ConsumerRecord<byte[], byte[]> record) {
        CertificateRevoked event = new CertificateRevoked(SchemaVersion.CURRENT, order.requestId(), order.groupId(),
                order.username(), revoked.serial().toString(), revoked.reason().wireName(), revoked.revokedAt());
        return new ProducerRecord<>(topics.revoked(), null, null, key(order.groupId(), order.username(), record),
                codec.encode(event), traceContext(record));
    }

    private static byte[] key(String groupId, String username, ConsumerRecord<byte[], byte[]> record) {
        if (groupId != null && username != null) {
            return Topics.key(groupId, username).getBytes(StandardCharsets.UTF_8);
        }
        byte[] original = record.key();
        return original != null && original.length > OutcomeRecords.MAX_ECHOED_KEY_BYTES ? null : original;
    }

    private static Headers traceContext(ConsumerRecord<byte[], byte[]> record) {
        RecordHeaders headers = new RecordHeaders();
        for (String name : OutcomeRecords.TRACE_HEADERS) {
            Header header = record.headers().lastHeader(name);
            if (header != null) {
                headers.add(name, header.value());
            }
        }
        return headers;
    }

    /** Revocations decided and not yet known to be committed, for tests. */
    int pendingCount() {
        return pending.size();
    }
}
