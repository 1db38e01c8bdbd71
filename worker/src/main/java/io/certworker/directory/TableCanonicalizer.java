package io.certworker.directory;

import io.certworker.kafka.KeyPartitions;
import io.certworker.kafka.MisroutedRecords;
import io.certworker.kafka.TransactionEnd;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every record of the table topics ({@code db-users}, {@code user-security}) on its key's partition, so that
 * compaction, which works partition by partition, keeps each key's latest state whatever partitioner its producers
 * used.
 *
 * <p>A record found off its key's partition is copied there (key, value, headers and timestamp; unless that partition
 * already holds a newer state of the key) and its stray copy is cleared with a tombstone that deletes nothing, both in
 * one transaction with the record's consumed offset: the instances share the topics in a consumer group of their own,
 * so each stray record is moved once, and a zombie is fenced. When a moved copy lands after a newer write of the same
 * key, the newer state is written again after it, so the last record of the key, the one compaction keeps, is always
 * its newest. The tables ({@link KeyedTable}) already read strays right in the meantime.
 */
public final class TableCanonicalizer implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TableCanonicalizer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

    /**
     * One table topic and what the worker knows of it.
     *
     * @param topic the topic
     * @param table its current state, as every instance reads it
     * @param sync  completes once the table has read everything written to the topic before the call
     */
    public record Table(String topic, KeyedTable<?> table, Supplier<CompletableFuture<Void>> sync) {
    }

    /** The users table of {@code directory}. */
    public static Table users(KafkaUserDirectory directory, String topic) {
        return new Table(topic, directory.table(), directory::sync);
    }

    /** The user-security table of {@code projects}. */
    public static Table userSecurity(KafkaProjectSecurity projects, String topic) {
        return new Table(topic, projects.table(), projects::sync);
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final Map<String, Table> tables = new HashMap<>();
    private final Map<String, Integer> partitions = new HashMap<>();
    private final MisroutedRecords misrouted;
    private final Duration syncTimeout;
    private final Thread thread;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean running = true;

    /**
     * @param consumer a consumer in the tables' own group, read_committed, without auto-commit
     * @param producer a transactional producer of its own, not yet initialized
     */
    public TableCanonicalizer(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
                              List<Table> tables, MisroutedRecords misrouted, Duration syncTimeout) {
        this.consumer = consumer;
        this.producer = producer;
        tables.forEach(table -> this.tables.put(table.topic(), table));
        this.misrouted = misrouted;
        this.syncTimeout = syncTimeout;
        this.thread = new Thread(this, "table-canonicalizer");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            producer.initTransactions();
            for (String topic : tables.keySet()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                partitions.put(topic, infos == null ? 0 : infos.size());
            }
            consumer.subscribe(tables.keySet());
            while (running) {
                ConsumerRecords<byte[], byte[]> records = poll();
                if (!records.isEmpty()) {
                    moveAll(records);
                }
            }
        } catch (ProducerFencedException | AuthorizationException e) {
            LOG.error("Stopped keeping the table topics' records on their keys' partitions: {}", e.getMessage());
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("Stopped keeping the table topics' records on their keys' partitions", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(consumer);
            closeQuietly(producer);
            finished.countDown();
        }
    }

    /** Moves what a poll brought, in one transaction with its offsets; again from the same offsets if it aborts. */
    private void moveAll(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        while (running) {
            producer.beginTransaction();
            try {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    for (ProducerRecord<byte[], byte[]> write : writesFor(record)) {
                        producer.send(write);
                    }
                    offsets.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                TransactionEnd.commit(producer, () -> running);
                return;
            } catch (ProducerFencedException | AuthorizationException e) {
                throw e;
            } catch (KafkaException e) {
                TransactionEnd.abort(producer, () -> running);
                LOG.warn("Could not move stray table records; trying again: {}", e.toString());
                Thread.sleep(RETRY_BACKOFF.toMillis());
            }
        }
    }

    /** What one record of a table topic calls for: nothing, a move, or its key's newest state written again. */
    private List<ProducerRecord<byte[], byte[]>> writesFor(ConsumerRecord<byte[], byte[]> record) {
        Table table = tables.get(record.topic());
        int count = partitions.getOrDefault(record.topic(), 0);
        if (table == null || record.key() == null || count == 0 || TableRecords.isCleanup(record)) {
            return List.of();
        }
        int home = KeyPartitions.of(record.key(), count);
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (home != record.partition()) {
            misrouted.noted(record, count);
            sync(table);
            Optional<? extends KeyedTable.State<?>> held = table.table().stateIn(key, home);
            ProducerRecord<byte[], byte[]> cleanup = TableRecords.cleanup(record, home);
            if (held.isPresent() && held.get().timestamp() > record.timestamp()) {
                return List.of(cleanup); // its key's partition holds a newer state already
            }
            return List.of(MisroutedRecords.forwarded(record, count), cleanup);
        }
        if (MisroutedRecords.isForwarded(record)) {
            sync(table);
            return again(table, record, key, home).map(List::of).orElse(List.of());
        }
        return List.of();
    }

    /**
     * A moved copy that landed after a newer write of its key is the key's last record, which compaction would keep:
     * the newer state is written again after it.
     */
    private Optional<ProducerRecord<byte[], byte[]>> again(Table table, ConsumerRecord<byte[], byte[]> copy,
                                                          String key, int home) {
        Optional<? extends KeyedTable.State<?>> held = table.table().stateIn(key, home);
        if (held.isEmpty() || held.get().timestamp() <= copy.timestamp()) {
            return Optional.empty();
        }
        KeyedTable.State<?> newer = held.get();
        ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>(copy.topic(), home, copy.offset(),
                newer.timestamp(), copy.timestampType(), 0, 0, copy.key(), newer.record(), copy.headers(),
                Optional.empty());
        LOG.info("Writing the newest state of a {} key again after a moved copy of an older one", copy.topic());
        return Optional.of(MisroutedRecords.forwarded(source, partitions.get(copy.topic())));
    }

    private void sync(Table table) {
        try {
            table.sync().get().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("The {} table did not catch up within {}; deciding from what it has read", table.topic(),
                    syncTimeout);
        }
    }

    private ConsumerRecords<byte[], byte[]> poll() {
        try {
            return consumer.poll(POLL);
        } catch (WakeupException e) {
            return ConsumerRecords.empty();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (!finished.await(15, TimeUnit.SECONDS)) {
                LOG.warn("The table canonicalizer did not stop within 15 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable client) {
        try {
            client.close();
        } catch (Exception e) {
            LOG.warn("Error closing a table canonicalizer client: {}", e.toString());
        }
    }
}
