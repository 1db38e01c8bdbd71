package io.certworker.directory;

import io.certworker.contracts.DatabaseUser;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
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
 * The {@code db-users} topic, read from the beginning into memory by a thread of its own and kept up to date.
 *
 * <p>The key {@code groupId/username} identifies a user; an empty value deletes it. A value that cannot be read is
 * logged and skipped: one bad entry must not stop the directory.
 *
 * <p>A lookup that misses asks the reader for a <em>sync</em>: the reader fetches the topic's end offsets and answers
 * once it has read up to them, so a user written just before its request is found. Concurrent misses share one
 * sync.
 */
public final class KafkaUserDirectory implements UserDirectory, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaUserDirectory.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Supplier<Consumer<byte[], byte[]>> consumerFactory;
    private final String topic;
    private final Duration syncTimeout;
    private final Map<String, DatabaseUser> users = new ConcurrentHashMap<>();
    private final Map<String, Integer> usersPerGroup = new ConcurrentHashMap<>();
    private final Queue<CompletableFuture<Void>> syncRequests = new ConcurrentLinkedQueue<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final EventCodec codec = EventCodec.instance();
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private Thread thread;

    /**
     * @param consumerFactory makes the reader's consumer (no group; read_committed)
     * @param topic           the users topic
     * @param syncTimeout     how long a lookup that misses waits for the directory to catch up
     */
    public KafkaUserDirectory(Supplier<Consumer<byte[], byte[]>> consumerFactory, String topic, Duration syncTimeout) {
        this.consumerFactory = consumerFactory;
        this.topic = topic;
        this.syncTimeout = syncTimeout;
    }

    /** Starts reading in the background. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this::readForever, "db-users-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits until everything written to the topic before {@link #start()} has been read.
     *
     * @throws TimeoutException when that takes longer than {@code timeout}
     * @throws IllegalStateException when the reader failed
     */
    public void awaitCaughtUp(Duration timeout) throws InterruptedException, TimeoutException {
        boolean ended = caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Throwable cause = failure;
        if (cause != null) {
            throw new IllegalStateException("cannot read the users topic " + topic + ": " + cause.getMessage(), cause);
        }
        if (!ended) {
            throw new TimeoutException("the users topic " + topic + " was not read to its end within " + timeout);
        }
    }

    /** True once the topic has been read up to where it ended at start-up. */
    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0 && failure == null;
    }

    /** How many users the directory holds. */
    public int size() {
        return users.size();
    }

    @Override
    public CompletionStage<UserLookup> lookUp(String groupId, String username) {
        UserLookup known = lookUpNow(groupId, username);
        if (known instanceof UserLookup.Found || !running) {
            return CompletableFuture.completedFuture(known);
        }
        CompletableFuture<Void> sync = new CompletableFuture<>();
        syncRequests.add(sync);
        return sync.completeOnTimeout(null, syncTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ignored, error) -> lookUpNow(groupId, username));
    }

    private UserLookup lookUpNow(String groupId, String username) {
        DatabaseUser user = users.get(Topics.key(groupId, username));
        if (user != null) {
            return new UserLookup.Found(user);
        }
        return usersPerGroup.containsKey(groupId) ? new UserLookup.UnknownUser() : new UserLookup.UnknownGroup();
    }

    @Override
    public void close() {
        running = false;
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread reader = thread;
        if (reader != null) {
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        CompletableFuture<Void> sync;
        while ((sync = syncRequests.poll()) != null) {
            sync.complete(null);
        }
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
                    apply(record);
                }
                if (caughtUp.getCount() > 0 && reachedAll(reader, startupEnd)) {
                    LOG.info("User directory caught up: {} users from {}", users.size(), topic);
                    caughtUp.countDown();
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
                    if (reachedAll(reader, pending.endOffsets())) {
                        pending.waiting().forEach(waiting -> waiting.complete(null));
                        it.remove();
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("The {} reader stopped", topic, e);
        } finally {
            running = false;
            caughtUp.countDown(); // wake up a start-up waiting for a reader that has stopped
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

    private static boolean reachedAll(Consumer<byte[], byte[]> reader, Map<TopicPartition, Long> endOffsets) {
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            if (reader.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            LOG.warn("Skipping a {} record without a key at partition {} offset {}", topic, record.partition(),
                    record.offset());
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null || record.value().length == 0) {
            remove(key);
            return;
        }
        Optional<DatabaseUser> user = read(record);
        if (user.isEmpty()) {
            return;
        }
        DatabaseUser previous = users.put(key, user.get());
        if (previous == null) {
            usersPerGroup.merge(groupOf(key), 1, Integer::sum);
        }
    }

    private Optional<DatabaseUser> read(ConsumerRecord<byte[], byte[]> record) {
        try {
            DatabaseUser user = codec.decode(record.value(), DatabaseUser.class);
            if (user.groupId() == null || user.username() == null) {
                throw new IllegalArgumentException("groupId and username are required");
            }
            return Optional.of(user);
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping an unreadable {} record at partition {} offset {}: {}", topic, record.partition(),
                    record.offset(), e.getMessage());
            return Optional.empty();
        }
    }

    private void remove(String key) {
        if (users.remove(key) != null) {
            usersPerGroup.computeIfPresent(groupOf(key), (group, count) -> count == 1 ? null : count - 1);
        }
    }

    private static String groupOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }

    private record PendingSync(Map<TopicPartition, Long> endOffsets, List<CompletableFuture<Void>> waiting) {
    }

    /** For logging: a summary that never lists users. */
    @Override
    public String toString() {
        return "KafkaUserDirectory[topic=" + topic + ", users=" + users.size() + "]";
    }
}
