package io.certworker.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.certworker.handling.Outcome;
import io.certworker.issuance.MintDraft;
import io.certworker.kafka.TransactionEnd;
import io.certworker.issuance.MintJournal;
import io.certworker.secrets.KeyEncryptionKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the worker must remember per request so that no request is ever minted twice, kept in the compacted topic
 * {@code cert-requests-state}, partition for partition beside {@code cert-requests}, and in memory for the partitions
 * this instance owns (read from the topic when a partition is assigned).
 *
 * <ul>
 *   <li><b>Answered</b>: the request got a certificate (its serial). Written in the same transaction as the issued
 *       event, so it is there exactly when the certificate is. A request sent again with the same requestId is not
 *       minted again: the original issued event is its answer.
 *   <li><b>Minting</b>: a {@link MintDraft}, written and committed <em>before</em> the issuer mints (the issuer's
 *       secret wrapped with the key-encryption key, bound to the request). A request consumed again after a crash
 *       finds it, and its issuer finishes that same certificate. The outcome's transaction replaces the draft.
 * </ul>
 * Drafts are written by a transactional producer of their own, in batches, on a thread of their own.
 */
public final class RequestStates implements MintJournal, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestStates.class);
    private static final String ANSWERED = "answered";
    private static final String MINTING = "minting";
    private static final Duration JOURNAL_LINGER = Duration.ofMillis(3);
    private static final int MAX_JOURNAL_BATCH = 1000;
    private static final Duration FORGETTING_INTERVAL = Duration.ofMinutes(1);

    private final String topic;
    private final Supplier<Consumer<byte[], byte[]>> readers;
    private final Supplier<Consumer<byte[], byte[]>> logEndReaders;
    private final Producer<byte[], byte[]> journalProducer;
    private final KeyEncryptionKey kek;
    private final Duration restoreTimeout;
    private final Duration memory;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    /** Per owned partition of the requests topic: requestId → serial of the certificate it was answered with. */
    private final Map<Integer, AnsweredRequests> answered = new ConcurrentHashMap<>();
    private volatile Instant lastForgetting = Instant.MIN;
    /** requestId → its draft, for owned partitions. */
    private final Map<String, Draft> drafts = new ConcurrentHashMap<>();
    /** requestId → where it was read from and its outcome to be, while it is being processed and until published. */
    private final Map<String, InProcess> inProcess = new ConcurrentHashMap<>();

    private final BlockingQueue<PendingDraft> journalQueue = new LinkedBlockingQueue<>();
    private final Thread journalThread;
    private volatile boolean running = true;

    private record Draft(int partition, MintDraft draft) {
    }

    private record InProcess(int partition, CompletableFuture<Outcome> outcome) {
    }

    private record PendingDraft(int partition, MintDraft draft, CompletableFuture<Void> done, long queuedAt) {
    }

    /**
     * @param readers         read_committed consumers outside any group, to read the state with
     * @param logEndReaders   read_uncommitted consumers outside any group, to see where the state's log ends, open
     *                        transactions included
     * @param journalProducer a transactional producer of its own, transactions already initialized; closed with this
     * @param kek             wraps draft secrets; may be null when no issuer writes secrets (the Atlas issuer)
     * @param restoreTimeout  how long a partition's state may take to read; must exceed the transaction timeout, as a
     *                        transaction left open by a dead instance holds the reading up until it is aborted
     * @param memory          how long an answered requestId is remembered (the state topic's retention)
     */
    public RequestStates(String topic, Supplier<Consumer<byte[], byte[]>> readers,
                         Supplier<Consumer<byte[], byte[]>> logEndReaders, Producer<byte[], byte[]> journalProducer,
                         KeyEncryptionKey kek, Duration restoreTimeout, Duration memory, Clock clock) {
        this.topic = topic;
        this.readers = readers;
        this.logEndReaders = logEndReaders;
        this.journalProducer = journalProducer;
        this.kek = kek;
        this.restoreTimeout = restoreTimeout;
        this.memory = memory;
        this.clock = clock;
        this.journalThread = new Thread(this::writeDrafts, "mint-journal");
        this.journalThread.setDaemon(true);
        this.journalThread.start();
    }

    /** The serial a request was already answered with, if it was. */
    Optional<String> answeredWith(int partition, String requestId) {
        AnsweredRequests partitionState = answered.get(partition);
        return partitionState == null ? Optional.empty() : partitionState.serialNumberOf(requestId);
    }

    /** The outcome to be of the request with this id being processed now, if one is. */
    CompletableFuture<Outcome> inProcess(String requestId) {
        InProcess current = inProcess.get(requestId);
        return current == null ? null : current.outcome();
    }

    /** Notes a request being processed: where it was read from (so its draft lands beside it) and its outcome to be. */
    void processing(String requestId, int partition, CompletableFuture<Outcome> outcome) {
        inProcess.put(requestId, new InProcess(partition, outcome));
    }

    /** The request's outcome is published (or abandoned): it is no longer in process. */
    void processed(String requestId, CompletableFuture<Outcome> outcome) {
        inProcess.computeIfPresent(requestId, (id, current) -> current.outcome() == outcome ? null : current);
    }

    /** The record that keeps what an outcome means for the request's future, if anything. */
    Optional<ProducerRecord<byte[], byte[]>> recordOf(Outcome outcome, int partition) {
        byte[] key = outcome.requestId().getBytes(StandardCharsets.UTF_8);
        if (outcome instanceof Outcome.Issued issued) {
            ObjectNode value = json.createObjectNode()
                    .put("schemaVersion", 1)
                    .put("state", ANSWERED)
                    .put("requestId", issued.requestId())
                    .put("groupId", issued.groupId())
                    .put("username", issued.username())
                    .put("serialNumber", issued.certificate().serialNumber().toString())
                    .put("issuer", issued.certificate().issuer())
                    .put("answeredAt", clock.instant().toString());
            return Optional.of(new ProducerRecord<>(topic, partition, key, bytes(value)));
        }
        if (drafts.containsKey(outcome.requestId())) {
            return Optional.of(new ProducerRecord<>(topic, partition, key, null)); // the draft is done with
        }
        return Optional.empty();
    }

    /**
     * The answered state of a request sent again, as it was first answered (its serial, the time of its original
     * answer), to be written again beside it: whoever sent it again (the request command) watches the state topic and
     * learns from this record that, and with what, the request was answered. Rewriting the same value is harmless for
     * compaction and for {@link #restore}.
     */
    ProducerRecord<byte[], byte[]> answeredAgain(int partition, String requestId, String groupId, String username,
                                                 String serialNumber) {
        AnsweredRequests partitionState = answered.get(partition);
        Instant answeredAt = (partitionState == null ? Optional.<Instant>empty()
                : partitionState.answeredAtOf(requestId)).orElseGet(clock::instant); // unknown: only just answered
        ObjectNode value = json.createObjectNode()
                .put("schemaVersion", 1)
                .put("state", ANSWERED)
                .put("requestId", requestId);
        if (groupId != null && username != null) {
            value.put("groupId", groupId).put("username", username);
        }
        value.put("serialNumber", serialNumber).put("answeredAt", answeredAt.toString());
        return new ProducerRecord<>(topic, partition, requestId.getBytes(StandardCharsets.UTF_8), bytes(value));
    }

    /** Takes in a state record once its transaction committed. */
    void published(ProducerRecord<byte[], byte[]> record) {
        String requestId = new String(record.key(), StandardCharsets.UTF_8);
        drafts.remove(requestId);
        if (record.value() != null) {
            answered.computeIfAbsent(record.partition(), p -> new AnsweredRequests())
                    .put(requestId, json(record.value()).path("serialNumber").asText(), clock.instant());
        }
        forgetOldAnswers();
    }

    /** At most once a minute, forgets the answers older than the state topic keeps them. */
    private void forgetOldAnswers() {
        Instant now = clock.instant();
        if (lastForgetting.isAfter(now.minus(FORGETTING_INTERVAL))) {
            return;
        }
        lastForgetting = now;
        Instant cutoff = now.minus(memory);
        answered.values().forEach(partitionState -> partitionState.forgetBefore(cutoff));
    }

    /** Reads the state of newly owned partitions, to their end. Blocks; called in the rebalance listener. */
    void restore(Collection<TopicPartition> requestPartitions) {
        if (requestPartitions.isEmpty()) {
            return;
        }
        List<TopicPartition> statePartitions = new ArrayList<>();
        for (TopicPartition partition : requestPartitions) {
            statePartitions.add(new TopicPartition(topic, partition.partition()));
            answered.put(partition.partition(), new AnsweredRequests());
        }
        long started = System.nanoTime();
        int records = 0;
        // Read to the log's end as it is now, not to the read_committed end offset: that one stops at the first
        // transaction still open, and an instance that died with its outcome transaction open leaves one until the
        // transaction timeout aborts it. Drafts its journal committed after that transaction began lie beyond it;
        // not waiting for them would mint those requests again.
        Map<TopicPartition, Long> ends = logEnds(statePartitions);
        try (Consumer<byte[], byte[]> reader = readers.get()) {
            reader.assign(statePartitions);
            reader.seekToBeginning(statePartitions);
            long deadline = System.nanoTime() + restoreTimeout.toNanos();
            while (!reachedAll(reader, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " " + statePartitions + " to its end "
                            + ends + " within " + restoreTimeout + " (at " + positions(reader, ends.keySet())
                            + "); a transaction left open there must end first");
                }
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(100))) {
                    restore(record);
                    records++;
                }
            }
        }
        LOG.info("Restored the state of {} from {} records in {} ms", requestPartitions, records,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private Map<TopicPartition, Long> logEnds(List<TopicPartition> statePartitions) {
        try (Consumer<byte[], byte[]> logEndReader = logEndReaders.get()) {
            return logEndReader.endOffsets(statePartitions, restoreTimeout);
        }
    }

    private static Map<TopicPartition, Long> positions(Consumer<byte[], byte[]> reader,
                                                       Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        partitions.forEach(partition -> positions.put(partition, reader.position(partition)));
        return positions;
    }

    /** Forgets partitions this instance no longer owns. */
    void drop(Collection<TopicPartition> requestPartitions) {
        for (TopicPartition partition : requestPartitions) {
            answered.remove(partition.partition());
            drafts.values().removeIf(draft -> draft.partition() == partition.partition());
            inProcess.values().removeIf(current -> current.partition() == partition.partition());
        }
    }

    @Override
    public CompletionStage<Void> record(MintDraft draft) {
        InProcess current = inProcess.get(draft.requestId());
        if (current == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "no partition known for request " + draft.requestId()));
        }
        if (draft.secret().length > 0 && kek == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "a key-encryption key is needed to keep certificate drafts"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        journalQueue.add(new PendingDraft(current.partition(), draft, done, System.nanoTime()));
        return done;
    }

    @Override
    public Optional<MintDraft> find(String requestId) {
        return Optional.ofNullable(drafts.get(requestId)).map(Draft::draft);
    }

    @Override
    public void close() {
        running = false;
        journalThread.interrupt();
        try {
            journalThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PendingDraft pending;
        while ((pending = journalQueue.poll()) != null) {
            pending.done().completeExceptionally(new IllegalStateException("the worker is stopping"));
        }
        journalProducer.close(Duration.ofSeconds(5));
    }

    /** Commits drafts in batches: everything queued while the previous batch was being committed goes together. */
    private void writeDrafts() {
        List<PendingDraft> batch = new ArrayList<>();
        while (running) {
            try {
                PendingDraft first = journalQueue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                lingerForMore(batch);
                long committing = System.nanoTime();
                commit(batch);
                if (LOG.isDebugEnabled()) {
                    LOG.debug("Journaled {} drafts in {} µs, the first waited {} µs", batch.size(),
                            (System.nanoTime() - committing) / 1000, (System.nanoTime() - first.queuedAt()) / 1000);
                }
                batch.forEach(pending -> {
                    drafts.put(pending.draft().requestId(), new Draft(pending.partition(), pending.draft()));
                    pending.done().complete(null);
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("Cannot commit {} certificate drafts: {}", batch.size(), e.toString());
                batch.forEach(pending -> pending.done().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    /**
     * Takes what else comes within {@link #JOURNAL_LINGER}: requests consumed together reach the journal within a
     * few milliseconds of each other, and one transaction for all of them is one round trip instead of two.
     */
    private void lingerForMore(List<PendingDraft> batch) throws InterruptedException {
        long until = System.nanoTime() + JOURNAL_LINGER.toNanos();
        while (batch.size() < MAX_JOURNAL_BATCH) {
            journalQueue.drainTo(batch, MAX_JOURNAL_BATCH - batch.size());
            long left = until - System.nanoTime();
            if (left <= 0 || batch.size() >= MAX_JOURNAL_BATCH) {
                return;
            }
            PendingDraft next = journalQueue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
        }
    }

    private void commit(List<PendingDraft> batch) {
        journalProducer.beginTransaction();
        try {
            for (PendingDraft pending : batch) {
                MintDraft draft = pending.draft();
                ObjectNode value = json.createObjectNode()
                        .put("schemaVersion", 1)
                        .put("state", MINTING)
                        .put("requestId", draft.requestId())
                        .put("issuer", draft.issuer())
                        .put("startedAt", clock.instant().toString());
                if (draft.secret().length > 0) {
                    value.put("wrappedSecret", kek.wrap(draft.secret(), aad(draft.requestId())))
                            .put("keyEncryptionKeyId", kek.id());
                }
                journalProducer.send(new ProducerRecord<>(topic, pending.partition(),
                        draft.requestId().getBytes(StandardCharsets.UTF_8), bytes(value)));
            }
            TransactionEnd.commit(journalProducer, () -> running);
        } catch (KafkaException e) {
            try {
                TransactionEnd.abort(journalProducer, () -> running);
            } catch (KafkaException | IllegalStateException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    private void restore(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        String requestId = new String(record.key(), StandardCharsets.UTF_8);
        AnsweredRequests partitionState = answered.get(record.partition());
        if (record.value() == null) {
            drafts.remove(requestId);
            return;
        }
        JsonNode value = json(record.value());
        String state = value.path("state").asText("");
        if (ANSWERED.equals(state)) {
            drafts.remove(requestId);
            Instant answeredAt = answeredAt(value);
            if (answeredAt.isAfter(clock.instant().minus(memory))) { // older ones await deletion from the topic
                partitionState.put(requestId, value.path("serialNumber").asText(), answeredAt);
            }
        } else if (MINTING.equals(state)) {
            byte[] secret = new byte[0];
            if (value.hasNonNull("wrappedSecret")) {
                if (kek == null || !kek.id().equals(value.path("keyEncryptionKeyId").asText())) {
                    LOG.error("The draft of request {} is wrapped under another key-encryption key; it cannot be "
                            + "finished and will be minted anew", requestId);
                    return;
                }
                secret = kek.unwrap(value.get("wrappedSecret").asText(), aad(requestId));
            }
            drafts.put(requestId, new Draft(record.partition(),
                    new MintDraft(requestId, value.path("issuer").asText(), secret)));
        }
    }

    private Instant answeredAt(JsonNode value) {
        try {
            return Instant.parse(value.path("answeredAt").asText());
        } catch (DateTimeParseException e) {
            return clock.instant(); // unknown: remember it for the full time rather than forget it early
        }
    }

    private static boolean reachedAll(Consumer<byte[], byte[]> reader, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (reader.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private byte[] bytes(JsonNode value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode json(byte[] value) {
        try {
            return json.readTree(value);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static String aad(String requestId) {
        return "cert-worker certificate draft " + requestId;
    }

    /** Partitions whose state is held, for tests and metrics. */
    Map<Integer, Integer> answeredCounts() {
        Map<Integer, Integer> counts = new HashMap<>();
        answered.forEach((partition, state) -> counts.put(partition, state.size()));
        return counts;
    }
}
