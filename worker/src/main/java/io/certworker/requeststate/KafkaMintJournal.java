package io.certworker.requeststate;

import io.certworker.apierror.ErrorCode;
import io.certworker.contracts.RequestState;
import io.certworker.contracts.Topics;
import io.certworker.issuance.MintDraft;
import io.certworker.issuance.MintJournal;
import io.certworker.issuance.TransientIssuanceFault;
import io.certworker.kafka.KeyPartitions;
import io.certworker.secrets.KeyEncryptionKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mint journal in the request-state topic: each {@link MintDraft} is committed, its secret wrapped with the
 * key-encryption key and bound to its requestId, before the issuer may mint. A draft lands in the partition of its
 * request's key ({@code groupId/username}), the partition the request is answered from, so whichever instance owns
 * that partition next finds it. Drafts are written on a thread of the journal's own by an idempotent producer of its
 * own ({@code acks=all}), in batches: a draft is durable once the brokers acknowledge it, one round trip, cheaper than
 * a transaction's commit (a read_committed reader sees a record written outside a transaction as soon as it is
 * written). Under load, what is queued within a few milliseconds shares one batch; an idle journal writes at once.
 *
 * <p>It holds the drafts of the partitions this instance owns: those it wrote, and those read back when a partition is
 * taken over ({@link #restored}); a draft is done with once its outcome is published ({@link #published}).
 */
public final class KafkaMintJournal implements MintJournal, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaMintJournal.class);
    private static final Duration JOURNAL_LINGER = Duration.ofMillis(3);
    private static final int MAX_JOURNAL_BATCH = 1000;

    private final RequestStateRecords records;
    private final int partitions;
    private final Producer<byte[], byte[]> producer;
    private final KeyEncryptionKey kek;
    private final Clock clock;
    /** requestId → its draft, for owned partitions. */
    private final Map<String, Draft> drafts = new ConcurrentHashMap<>();
    private final BlockingQueue<PendingDraft> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;
    /** The size of the last batch: more than one means requests are arriving together, worth waiting for. */
    private int lastBatchSize;

    private record Draft(int partition, MintDraft draft) {
    }

    private record PendingDraft(int partition, MintDraft draft, CompletableFuture<Void> done, long queuedAt) {
    }

    /**
     * @param partitions how many partitions the state topic (and the requests topic) has
     * @param producer   an idempotent producer of its own (acks=all), not transactional; closed with this
     * @param kek        wraps draft secrets; may be null when no issuer writes secrets (the Atlas issuer)
     */
    public KafkaMintJournal(RequestStateRecords records, int partitions, Producer<byte[], byte[]> producer,
                            KeyEncryptionKey kek, Clock clock) {
        this.records = records;
        this.partitions = partitions;
        this.producer = producer;
        this.kek = kek;
        this.clock = clock;
        this.writer = new Thread(this::writeDrafts, "mint-journal");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    @Override
    public CompletionStage<Void> record(MintDraft draft) {
        if (draft.secret().length > 0 && kek == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "a key-encryption key is needed to keep certificate drafts"));
        }
        int partition = KeyPartitions.of(Topics.key(draft.groupId(), draft.username()), partitions);
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new PendingDraft(partition, draft, done, System.nanoTime()));
        return done;
    }

    @Override
    public Optional<MintDraft> find(String requestId) {
        return Optional.ofNullable(drafts.get(requestId)).map(Draft::draft);
    }

    /** Whether a draft of this request is held: its outcome must then replace it in the topic. */
    public boolean holds(String requestId) {
        return drafts.containsKey(requestId);
    }

    /** The request's outcome is published: its draft is done with. */
    public void published(String requestId) {
        drafts.remove(requestId);
    }

    /** The drafts found in a partition just taken over (its minting states), replacing any held for it. */
    void restored(int partition, Collection<RequestState> minting) {
        drafts.values().removeIf(draft -> draft.partition() == partition);
        for (RequestState state : minting) {
            byte[] secret = new byte[0];
            if (state.wrappedSecret() != null) {
                if (kek == null || !kek.id().equals(state.keyEncryptionKeyId())) {
                    LOG.error("The draft of request {} is wrapped under another key-encryption key; it cannot be "
                            + "finished and will be minted anew", state.requestId());
                    continue;
                }
                secret = kek.unwrap(state.wrappedSecret(), associatedData(state.requestId()));
            }
            drafts.put(state.requestId(), new Draft(partition, new MintDraft(state.requestId(),
                    orEmpty(state.groupId()), orEmpty(state.username()), orEmpty(state.issuer()), secret)));
        }
    }

    /** Forgets the drafts of partitions this instance no longer owns. */
    void drop(Collection<Integer> released) {
        drafts.values().removeIf(draft -> released.contains(draft.partition()));
    }

    @Override
    public void close() {
        running = false;
        writer.interrupt();
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PendingDraft pending;
        while ((pending = queue.poll()) != null) {
            pending.done().completeExceptionally(new IllegalStateException("the worker is stopping"));
        }
        producer.close(Duration.ofSeconds(5));
    }

    /** Writes drafts in batches: everything queued while the previous batch was being written goes together. */
    private void writeDrafts() {
        List<PendingDraft> batch = new ArrayList<>();
        while (running) {
            try {
                PendingDraft first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                if (lastBatchSize > 1) {
                    lingerForMore(batch);
                } else {
                    queue.drainTo(batch, MAX_JOURNAL_BATCH - 1);
                }
                lastBatchSize = batch.size();
                long writing = System.nanoTime();
                write(batch);
                if (LOG.isDebugEnabled()) {
                    LOG.debug("Journaled {} drafts in {} µs, the first waited {} µs", batch.size(),
                            (System.nanoTime() - writing) / 1000, (System.nanoTime() - first.queuedAt()) / 1000);
                }
                batch.forEach(pending -> {
                    drafts.put(pending.draft().requestId(), new Draft(pending.partition(), pending.draft()));
                    pending.done().complete(null);
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | ExecutionException e) {
                LOG.error("Cannot write {} certificate drafts: {}", batch.size(), e.toString());
                TransientIssuanceFault fault = new TransientIssuanceFault(ErrorCode.UNEXPECTED_ERROR, e);
                batch.forEach(pending -> pending.done().completeExceptionally(fault));
            }
            batch.clear();
        }
    }

    /**
     * Takes what else comes within {@link #JOURNAL_LINGER}: requests consumed together reach the journal within a
     * few milliseconds of each other, and one acknowledged write for all of them is one round trip instead of many.
     */
    private void lingerForMore(List<PendingDraft> batch) throws InterruptedException {
        long until = System.nanoTime() + JOURNAL_LINGER.toNanos();
        while (batch.size() < MAX_JOURNAL_BATCH) {
            queue.drainTo(batch, MAX_JOURNAL_BATCH - batch.size());
            long left = until - System.nanoTime();
            if (left <= 0 || batch.size() >= MAX_JOURNAL_BATCH) {
                return;
            }
            PendingDraft next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
        }
    }

    /** Writes the batch and waits until the brokers have acknowledged every draft of it. */
    private void write(List<PendingDraft> batch) throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
        for (PendingDraft pending : batch) {
            MintDraft draft = pending.draft();
            byte[] secret = draft.secret();
            sent.add(producer.send(records.minting(pending.partition(), draft.requestId(), draft.groupId(),
                    draft.username(), draft.issuer(), clock.instant(),
                    secret.length == 0 ? null : kek.wrap(secret, associatedData(draft.requestId())),
                    secret.length == 0 ? null : kek.id())));
        }
        producer.flush();
        for (Future<RecordMetadata> acknowledged : sent) {
            acknowledged.get();
        }
    }

    /** Binds a wrapped secret to its request, so that a draft cannot be passed off as another request's. */
    private static String associatedData(String requestId) {
        return "cert-worker certificate draft " + requestId;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
