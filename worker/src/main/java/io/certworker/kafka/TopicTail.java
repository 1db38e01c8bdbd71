package io.certworker.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole topic from its beginning, on a thread of its own, and hands every record to {@code apply}, then keeps
 * following it: the way to keep a table topic (users, CAs) in memory.
 *
 * <p>{@link #sync()} answers once everything written to the topic before the call has been applied (the reader fetches
 * the end offsets and reads up to them); concurrent callers share one fetch.
 */
public final class TopicTail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicTail.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Supplier<Consumer<byte[], byte[]>> consumerFactory;
    private final String topic;
    private final java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> apply;
    private final Queue<CompletableFuture<Void>> syncRequests = new ConcurrentLinkedQueue<>();
    private final CountDownLatch startupRead = new CountDownLatch(1);
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile Throwable failure;
    private Thread thread;

    /**
     * @param consumerFactory makes the reader's consumer (outside any group; read_committed)
     * @param topic           the topic to read
     * @param apply           called, on the reader's thread, with every record in order
     */
    public TopicTail(Supplier<Consumer<byte[], byte[]>> consumerFactory, String topic,
                     java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> apply) {
        this.consumerFactory = consumerFactory;
        this.topic = topic;
        this.apply = apply;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this::readForever, topic + "-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits until everything written to the topic before {@link #start()} has been applied.
     *
     * @throws TimeoutException when that takes longer than {@code timeout}
     * @throws IllegalStateException when the reader failed
     */
    public void awaitCaughtUp(Duration timeout) throws InterruptedException, TimeoutException {
        boolean ended = startupRead.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Throwable cause = failure;
        if (cause != null) {
            throw new IllegalStateException("cannot read the topic " + topic + ": " + cause.getMessage(), cause);
        }
        if (!ended) {
            throw new TimeoutException("the topic " + topic + " was not read to its end within " + timeout);
        }
    }

    /** True once the topic has been read up to where it ended at start-up, and the reader is healthy. */
    public boolean isCaughtUp() {
        return caughtUp && failure == null && running;
    }

    /** Completes once everything written before this call has been applied (at once if the reader has stopped). */
    public CompletableFuture<Void> sync() {
        CompletableFuture<Void> sync = new CompletableFuture<>();
        if (!running) {
            sync.complete(null);
            return sync;
        }
        syncRequests.add(sync);
        return sync;
    }

    @Override
    public void close() {
        running = false;
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread reader = thread;
        if (reader != null && reader != Thread.currentThread()) {
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        completeAllSyncs();
    }

    private void readForever() {
        try (Consumer<byte[], byte[]> reader = consumerFactory.get()) {
            consumer = reader;
            List<TopicPartition> partitions = partitionsOf(reader);
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> startupEnd = reader.endOffsets(partitions);
            List<PendingSync> pendingSyncs = new ArrayList<>();
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL)) {
                    apply.accept(record);
                }
                if (!caughtUp && Positions.reachedAll(reader, startupEnd)) {
                    caughtUp = true;
                    startupRead.countDown();
                }
                if (!syncRequests.isEmpty()) {
                    List<CompletableFuture<Void>> waiting = new ArrayList<>();
                    CompletableFuture<Void> sync;
                    while ((sync = syncRequests.poll()) != null) {
                        waiting.add(sync);
                    }
                    pendingSyncs.add(new PendingSync(reader.endOffsets(partitions), waiting));
                }
                for (Iterator<PendingSync> it = pendingSyncs.iterator(); it.hasNext(); ) {
                    PendingSync pending = it.next();
                    if (Positions.reachedAll(reader, pending.endOffsets())) {
                        pending.waiting().forEach(waiting -> waiting.complete(null));
                        it.remove();
                    }
                }
            }
            pendingSyncs.forEach(pending -> pending.waiting().forEach(waiting -> waiting.complete(null)));
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("The {} reader stopped", topic, e);
        } finally {
            running = false;
            startupRead.countDown(); // wake up a start-up waiting for a reader that has stopped
            completeAllSyncs();
        }
    }

    private void completeAllSyncs() {
        CompletableFuture<Void> sync;
        while ((sync = syncRequests.poll()) != null) {
            sync.complete(null);
        }
    }

    private List<TopicPartition> partitionsOf(Consumer<byte[], byte[]> reader) {
        List<PartitionInfo> infos = reader.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : infos) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        return partitions;
    }


    private record PendingSync(Map<TopicPartition, Long> endOffsets, List<CompletableFuture<Void>> waiting) {
    }
}
