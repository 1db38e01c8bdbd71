package io.certworker.pipeline;

import io.certworker.handling.CertificateRequestHandler;
import io.certworker.kafka.TransactionEnd;
import io.certworker.ledger.LedgerRecords;
import io.certworker.ledger.PublishedCertificates;
import io.certworker.pipeline.InFlightRecords.Pending;
import io.certworker.requeststate.PartitionStates;
import io.certworker.requeststate.RequestMemory;
import io.certworker.topics.PartitionLayout;
import io.certworker.topics.TopicNames;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's poll loop. It consumes requests, starts processing each at once (crypto runs elsewhere, so the loop
 * never waits for it), and publishes finished outcomes partition by partition in offset order, each batch in one
 * Kafka transaction with the consumed offsets. So every request gets exactly one visible outcome, and a slow record
 * holds back only the records behind it in its own partition.
 *
 * <p>Failures: a transaction that cannot commit is aborted and its outcomes are published again shortly (an issued
 * certificate is never issued twice because a publish failed). A fenced producer (another instance took over) or a denied authorization stops the loop: a
 * zombie never publishes. On revocation, in-flight records of the revoked partitions get a bounded time to finish
 * and be published; the rest are left to the partition's next owner.
 */
public final class WorkerLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerLoop.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param idlePoll        poll timeout when nothing is in flight
     * @param busyPoll        poll timeout while records are being processed, so finished ones are published promptly
     * @param publishInterval how long a finished outcome may wait for others still being processed, so that they
     *                        share its transaction: each transaction costs the broker a marker per partition it wrote
     *                        to and the loop a round trip, so fewer, larger batches leave more of the machine to
     *                        crypto. An outcome never waits when nothing else is in flight
     * @param maxInFlight     records in flight above which consumption pauses (resumed at half); a partition also
     *                        pauses alone when it holds half of them, so a partition waiting on a slow record
     *                        stops being read while the others go on
     * @param revokeTimeout   how long revoked partitions' records may take to finish before they are left behind
     * @param shutdownTimeout how long in-flight records may take to finish on stop
     */
    public record Settings(Duration idlePoll, Duration busyPoll, Duration publishInterval, int maxInFlight,
                           Duration revokeTimeout, Duration shutdownTimeout) {
        public Settings {
            Objects.requireNonNull(idlePoll, "idlePoll");
            Objects.requireNonNull(busyPoll, "busyPoll");
            Objects.requireNonNull(publishInterval, "publishInterval");
            Objects.requireNonNull(revokeTimeout, "revokeTimeout");
            Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1");
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofMillis(200), Duration.ofMillis(5), Duration.ofMillis(20), 1000,
                    Duration.ofSeconds(10), Duration.ofSeconds(20));
        }

        /** These settings with the operator's limits: records in flight, and time to finish on stop or revocation. */
        public Settings withLimits(int maxInFlight, Duration finishTimeout) {
            return new Settings(idlePoll, busyPoll, publishInterval, maxInFlight, finishTimeout, finishTimeout);
        }
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final RecordProcessor processor;
    private final PartitionStates states;
    private final CommitListener committed;
    private final PipelineObserver observer;
    private final String requestsTopic;
    /** Carried by every committed offset: the partition count the loop ran with ({@link PartitionLayout}). */
    private final String offsetMetadata;
    /** Topics consumed beside the requests, each with the processor of its records (revocations). */
    private final Map<String, Route> routes;
    private final Settings settings;
    private final InFlightRecords inFlight = new InFlightRecords();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    /** Joined the group at least once, and no partition's state is being restored. */
    private volatile boolean joined;
    private volatile boolean restoring;
    private volatile boolean abandoned;
    private volatile RuntimeException fatal;
    private Duration publishBackoff = Duration.ZERO;
    private long publishNotBefore;
    /** When the oldest outcome now ready to publish was first seen ready; 0 when none is. */
    private long firstReadyAt;

    /** What answers the records of a topic consumed beside the requests: a future that always completes normally. */
    @FunctionalInterface
    interface Route {
        CompletableFuture<RecordAnswer> process(ConsumerRecord<byte[], byte[]> record);
    }

    /**
     * A loop that consumes {@code topics.requests()} (of {@code requestPartitions} partitions) with {@code consumer}
     * (subscribed by the loop; group and read_committed configured by the caller) and publishes with
     * {@code producer} (transactional, not yet initialized). The loop owns both clients and closes them when it ends.
     */
    public static WorkerLoop create(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
                                    TopicNames topics, int requestPartitions, CertificateRequestHandler handler,
                                    RequestMemory memory, PublishedCertificates published, PipelineObserver observer,
                                    Settings settings, Clock clock) {
        return create(consumer, producer, topics, requestPartitions, handler, memory, published, observer, settings,
                clock, Map.of());
    }

    /**
     * As the loop above, consuming the revocations topic too: its records are answered by {@code revocations}, in the
     * same transactions as the requests' outcomes.
     */
    public static WorkerLoop create(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
                                    TopicNames topics, int requestPartitions, CertificateRequestHandler handler,
                                    RequestMemory memory, PublishedCertificates published, PipelineObserver observer,
                                    Settings settings, Clock clock, RevocationRecordProcessor revocations) {
        return create(consumer, producer, topics, requestPartitions, handler, memory, published, observer, settings,
                clock, Map.of(revocations.topic(), revocations::process));
    }

    private static WorkerLoop create(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
                                     TopicNames topics, int requestPartitions, CertificateRequestHandler handler,
                                     RequestMemory memory, PublishedCertificates published, PipelineObserver observer,
                                     Settings settings, Clock clock, Map<String, Route> routes) {
        RecordProcessor processor = new RecordProcessor(new RequestDecoder(), handler, memory.guard(),
                memory.journal(), memory.records(), new OutcomeRecords(topics), new LedgerRecords(topics.ledger()),
                new DeadLetters(topics.deadLetters()), new OutcomeLog(), observer, requestPartitions, clock);
        CommitListener effects = new PublishedEffects(memory.guard(), memory.journal(), published, observer);
        return new WorkerLoop(consumer, producer, processor, memory.partitions(), effects, observer,
                topics.requests(), PartitionLayout.metadata(requestPartitions), settings, routes);
    }

    WorkerLoop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, RecordProcessor processor,
               PartitionStates states, CommitListener committed, PipelineObserver observer, String requestsTopic,
               String offsetMetadata, Settings settings, Map<String, Route> routes) {
        this.routes = Map.copyOf(routes);
        this.consumer = consumer;
        this.producer = producer;
        this.processor = processor;
        this.states = states;
        this.committed = committed;
        this.observer = observer;
        this.requestsTopic = requestsTopic;
        this.offsetMetadata = offsetMetadata;
        this.settings = settings;
    }

    @Override
    public void run() {
        try {
            producer.initTransactions();
            List<String> topics = new ArrayList<>(List.of(requestsTopic));
            topics.addAll(routes.keySet());
            consumer.subscribe(topics, new Rebalance());
            while (!stopping && fatal == null) {
                int polled = 0;
                for (ConsumerRecord<byte[], byte[]> record : poll()) {
                    Route route = routes.get(record.topic());
                    inFlight.add(record, route == null ? processor.process(record) : route.process(record));
                    if (route == null) {
                        polled++;
                    }
                }
                if (polled > 0) {
                    observer.consumed(polled);
                }
                publishCompleted();
                applyBackpressure();
                report();
            }
            if (fatal == null) {
                inFlight.awaitAll(inFlight.partitions(), settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
                publishCompleted(true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fatal = e;
        } finally {
            if (fatal != null && abandoned) {
                LOG.warn("The worker loop gave up its unpublished outcomes: {}", fatal.toString());
            } else if (fatal != null) {
                LOG.error("The worker loop stopped: {}", fatal.getMessage(), fatal);
            }
            // A static member (instance.id set) that stops on purpose leaves, so its partitions move at once; one that
            // dies stays a member until its session times out, or until it comes back with the same id.
            closeQuietly(() -> consumer.close(CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(CLOSE_TIMEOUT)), "consumer");
            closeQuietly(() -> producer.close(CLOSE_TIMEOUT), "producer");
            finished.countDown();
        }
    }

    /** Asks the loop to finish in-flight work, publish it and close its clients. Returns at once. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /**
     * Gives up publishing, for a stop that is taking too long (the brokers gone, say): closes the producer at once,
     * which fails the loop's pending send or commit, and the loop ends. Nothing is lost: the offsets of what was not
     * published were not committed either, so the partitions' next owner processes those records again (and their
     * journaled drafts make the same certificates).
     */
    public void abandon() {
        abandoned = true;
        closeQuietly(() -> producer.close(Duration.ZERO), "producer");
        consumer.wakeup();
    }

    /** Waits for the loop to end; true if it did within {@code timeout}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Whether the loop takes requests from every partition it owns: it has joined its group (an instance that owns no
     * partition, with more instances than partitions, is ready once it has joined), it is not restoring a partition's
     * state, and it has not stopped.
     */
    public boolean isReady() {
        return joined && !restoring && fatal == null && finished.getCount() > 0;
    }

    /** Why the loop stopped on its own, or null. */
    public RuntimeException failure() {
        return fatal;
    }

    private Iterable<ConsumerRecord<byte[], byte[]>> poll() {
        try {
            return consumer.poll(inFlight.isEmpty() ? settings.idlePoll() : settings.busyPoll());
        } catch (WakeupException e) {
            return List.of(); // stop() woke the loop up
        }
    }

    /** Publishes every finished record that has no unfinished one before it, in one transaction with its offsets. */
    private void publishCompleted() {
        publishCompleted(false);
    }

    /** @param now publish now (shutdown, revocation) rather than wait for records still in flight */
    private void publishCompleted(boolean now) {
        long time = System.nanoTime();
        if (time < publishNotBefore) {
            return;
        }
        if (!now) {
            if (!inFlight.anyCompleted()) {
                firstReadyAt = 0;
                return;
            }
            if (firstReadyAt == 0) {
                firstReadyAt = time;
            }
            if (time - firstReadyAt < settings.publishInterval().toNanos() && !inFlight.allCompleted()) {
                return; // others are about to finish: one transaction for all
            }
        }
        firstReadyAt = 0;
        List<Pending> completed = inFlight.takeCompleted();
        if (completed.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        try {
            producer.beginTransaction();
            for (Pending pending : completed) {
                for (ProducerRecord<byte[], byte[]> record : pending.result().join().records()) {
                    producer.send(record);
                }
                offsets.put(pending.partition(), new OffsetAndMetadata(pending.offset() + 1,
                        pending.partition().topic().equals(requestsTopic) ? offsetMetadata : ""));
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            TransactionEnd.commit(producer, () -> !abandoned);
            if (LOG.isDebugEnabled()) {
                LOG.debug("Published {} outcomes in {} µs", completed.size(), (System.nanoTime() - time) / 1000);
            }
            publishBackoff = Duration.ZERO;
            completed.forEach(pending -> committed.committed(pending.result().join()));
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                 | AuthenticationException | UnsupportedVersionException e) {
            throw new IllegalStateException("cannot go on publishing: " + e.getMessage(), e);
        } catch (KafkaException e) {
            // The outcomes stay valid (a certificate already issued must not be issued again): publish them again
            // shortly. Partitions lost meanwhile are dropped by the rebalance listener.
            TransactionEnd.abort(producer, () -> !abandoned);
            inFlight.requeue(completed);
            publishBackoff = publishBackoff.isZero() ? Duration.ofMillis(100)
                    : Collections.min(List.of(publishBackoff.multipliedBy(2), Duration.ofSeconds(5)));
            publishNotBefore = System.nanoTime() + publishBackoff.toNanos();
            LOG.warn("Aborted a transaction of {} outcomes, publishing them again in {} ms: {}", completed.size(),
                    publishBackoff.toMillis(), e.toString());
        }
    }

    private void report() {
        observer.inFlight(inFlight.size());
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isPresent()) {
                observer.lag(partition, lag.getAsLong());
            }
        }
    }

    private void applyBackpressure() {
        int perPartition = Math.max(1, settings.maxInFlight() / 2);
        boolean full = inFlight.size() >= settings.maxInFlight();
        boolean drained = inFlight.size() <= settings.maxInFlight() / 2;
        Set<TopicPartition> paused = consumer.paused();
        List<TopicPartition> pause = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        for (TopicPartition partition : consumer.assignment()) {
            int queued = inFlight.size(partition);
            if (full || queued >= perPartition) {
                if (!paused.contains(partition)) {
                    pause.add(partition);
                }
            } else if (paused.contains(partition) && drained && queued <= perPartition / 2) {
                resume.add(partition);
            }
        }
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                if (fatal == null && !partitions.isEmpty()) {
                    inFlight.awaitAll(partitions, settings.revokeTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    publishCompleted(true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                fatal = e;
            } finally {
                inFlight.drop(partitions);
                states.released(requestPartitions(partitions));
                observer.released(partitions);
            }
            if (!partitions.isEmpty()) {
                LOG.info("Partitions revoked: {}", partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            inFlight.drop(partitions);
            states.released(requestPartitions(partitions));
            observer.released(partitions);
            LOG.warn("Partitions lost: {}", partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                // What was answered or being minted in these partitions, before taking a single request from them.
                restoring = true;
                try {
                    states.assigned(requestPartitions(partitions));
                } finally {
                    restoring = false;
                }
                LOG.info("Partitions assigned: {}", partitions);
            }
            joined = true;
        }

        /** Request state lives beside the requests topic only: other topics' partitions are none of its business. */
        private List<TopicPartition> requestPartitions(Collection<TopicPartition> partitions) {
            return partitions.stream().filter(partition -> partition.topic().equals(requestsTopic)).toList();
        }
    }

    private static void closeQuietly(AutoCloseable closeable, String what) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Error closing the {}: {}", what, e.toString());
        }
    }
}
