package io.certworker.directory;

import io.certworker.contracts.DatabaseUser;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.Topics;
import io.certworker.kafka.MisroutedRecords;
import io.certworker.kafka.TopicTail;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code db-users} topic, read from the beginning into memory by a thread of its own and kept up to date.
 *
 * <p>The key {@code groupId/username} identifies a user; a tombstone or an empty value deletes it. A value that cannot
 * be read is logged and skipped: one bad entry must not stop the directory. Records on a partition other than their
 * key's (a producer with another partitioner) count too, by {@link KeyedTable}'s rules, so a delete sent through any
 * client stays a delete.
 *
 * <p>A lookup that misses asks the reader for a <em>sync</em>: the reader fetches the topic's end offsets and answers
 * once it has read up to them, so a user written just before its request is found. Concurrent misses share one
 * sync.
 */
public final class KafkaUserDirectory implements UserDirectory, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaUserDirectory.class);

    private final String topic;
    private final Duration syncTimeout;
    private final TopicTail tail;
    private final KeyedTable<DatabaseUser> users = new KeyedTable<>(true);
    private final Map<String, Integer> usersPerGroup = new ConcurrentHashMap<>();
    private final EventCodec codec = EventCodec.instance();
    private final List<java.util.function.Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param consumerFactory makes the reader's consumer (no group; read_committed)
     * @param topic           the users topic
     * @param syncTimeout     how long a lookup that misses waits for the directory to catch up
     */
    public KafkaUserDirectory(Supplier<Consumer<byte[], byte[]>> consumerFactory, String topic, Duration syncTimeout) {
        this.topic = topic;
        this.syncTimeout = syncTimeout;
        this.tail = new TopicTail(consumerFactory, topic, this::apply);
    }

    /** Starts reading in the background. */
    public void start() {
        tail.start();
    }

    /**
     * Waits until everything written to the topic before {@link #start()} has been read.
     *
     * @throws TimeoutException when that takes longer than {@code timeout}
     * @throws IllegalStateException when the reader failed
     */
    public void awaitCaughtUp(Duration timeout) throws InterruptedException, TimeoutException {
        tail.awaitCaughtUp(timeout);
        LOG.info("User directory caught up: {} users from {}", users.size(), topic);
    }

    /** True once the topic has been read up to where it ended at start-up. */
    public boolean isCaughtUp() {
        return tail.isCaughtUp();
    }

    /** Told the key ({@code groupId/username}) of every user record applied, on the reader's thread. */
    public void addListener(java.util.function.Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Whether the directory holds no user at all (an empty or misnamed users topic, most likely). */
    public boolean isEmpty() {
        return users.size() == 0;
    }

    /** The user as the directory holds it now, without waiting. */
    public Optional<DatabaseUser> current(String groupId, String username) {
        return users.get(Topics.key(groupId, username));
    }

    @Override
    public CompletionStage<UserLookup> lookUp(String groupId, String username) {
        UserLookup known = lookUpNow(groupId, username);
        if (known instanceof UserLookup.Found) {
            return CompletableFuture.completedFuture(known);
        }
        return tail.sync().completeOnTimeout(null, syncTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ignored, error) -> lookUpNow(groupId, username));
    }

    private UserLookup lookUpNow(String groupId, String username) {
        Optional<DatabaseUser> user = users.get(Topics.key(groupId, username));
        if (user.isPresent()) {
            return new UserLookup.Found(user.get());
        }
        return usersPerGroup.containsKey(groupId) ? new UserLookup.UnknownUser() : new UserLookup.UnknownGroup();
    }

    @Override
    public void close() {
        tail.close();
    }

    /** The table, for the component that moves stray records to their key's partition. */
    KeyedTable<DatabaseUser> table() {
        return users;
    }

    /** Completes once everything written to the topic before this call has been read. */
    public CompletableFuture<Void> sync() {
        return tail.sync();
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            LOG.warn("Skipping a {} record without a key at partition {} offset {}", topic, record.partition(),
                    record.offset());
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        DatabaseUser user = null;
        if (record.value() != null && record.value().length > 0) {
            Optional<DatabaseUser> read = read(record);
            if (read.isEmpty()) {
                return;
            }
            user = read.get();
        }
        KeyedTable.Change<DatabaseUser> change = users.apply(key, record.partition(), record.timestamp(), user,
                record.value(), MisroutedRecords.isForwarded(record), TableRecords.isCleanup(record));
        if (change.before().isEmpty() && change.after().isPresent()) {
            usersPerGroup.merge(groupOf(key), 1, Integer::sum);
        } else if (change.before().isPresent() && change.after().isEmpty()) {
            usersPerGroup.computeIfPresent(groupOf(key), (group, count) -> count == 1 ? null : count - 1);
        }
        listeners.forEach(listener -> listener.accept(key));
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

    private static String groupOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }

    /** For logging: a summary that never lists users. */
    @Override
    public String toString() {
        return "KafkaUserDirectory[topic=" + topic + ", users=" + users.size() + "]";
    }
}
