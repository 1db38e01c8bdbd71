package io.certworker.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Records being processed, per partition in offset order. Results are taken only from the head of each partition, so
 * outcomes are published in the order their requests were consumed and a committed offset never skips a record that
 * is still being processed. Used by the loop thread only.
 */
final class InFlightRecords {

    /** One consumed record and the records to publish for it, once known. */
    record Pending(TopicPartition partition, long offset, CompletableFuture<RecordAnswer> result) {
    }

    private final Map<TopicPartition, ArrayDeque<Pending>> byPartition = new HashMap<>();
    private int size;

    void add(ConsumerRecord<byte[], byte[]> record, CompletableFuture<RecordAnswer> result) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        byPartition.computeIfAbsent(partition, p -> new ArrayDeque<>()).addLast(new Pending(partition, record.offset(), result));
        size++;
    }

    /** Removes and returns, partition by partition, every completed record that has no incomplete record before it. */
    List<Pending> takeCompleted() {
        List<Pending> completed = new ArrayList<>();
        for (Iterator<ArrayDeque<Pending>> queues = byPartition.values().iterator(); queues.hasNext(); ) {
            ArrayDeque<Pending> queue = queues.next();
            while (!queue.isEmpty() && queue.peekFirst().result().isDone()) {
                completed.add(queue.pollFirst());
                size--;
            }
            if (queue.isEmpty()) {
                queues.remove();
            }
        }
        return completed;
    }

    /** Whether {@link #takeCompleted()} would return anything. */
    boolean anyCompleted() {
        for (ArrayDeque<Pending> queue : byPartition.values()) {
            if (queue.peekFirst().result().isDone()) {
                return true;
            }
        }
        return false;
    }

    /** Whether every record in flight is done: nothing would be worth waiting for. */
    boolean allCompleted() {
        for (ArrayDeque<Pending> queue : byPartition.values()) {
            for (Pending pending : queue) {
                if (!pending.result().isDone()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Puts records taken by {@link #takeCompleted()} back at the head of their partitions, in their order, to be
     * published again: their results stay valid when a transaction had to be aborted.
     */
    void requeue(List<Pending> taken) {
        for (int i = taken.size() - 1; i >= 0; i--) {
            Pending pending = taken.get(i);
            byPartition.computeIfAbsent(pending.partition(), p -> new ArrayDeque<>()).addFirst(pending);
            size++;
        }
    }

    /** Records in flight for one partition. */
    int size(TopicPartition partition) {
        ArrayDeque<Pending> queue = byPartition.get(partition);
        return queue == null ? 0 : queue.size();
    }

    /** Waits up to {@code timeout} for every record of the given partitions to complete. */
    void awaitAll(Collection<TopicPartition> partitions, long timeout, TimeUnit unit) throws InterruptedException {
        List<CompletableFuture<?>> results = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            ArrayDeque<Pending> queue = byPartition.get(partition);
            if (queue != null) {
                queue.forEach(pending -> results.add(pending.result()));
            }
        }
        if (results.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(timeout, unit);
        } catch (ExecutionException | TimeoutException e) {
            // What completed in time is published; the rest is consumed again by whoever owns the partition next.
        }
    }

    /** Forgets the records of the given partitions; they will be consumed again from the last committed offset. */
    void drop(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            ArrayDeque<Pending> queue = byPartition.remove(partition);
            if (queue != null) {
                size -= queue.size();
            }
        }
    }

    Collection<TopicPartition> partitions() {
        return List.copyOf(byPartition.keySet());
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }
}
