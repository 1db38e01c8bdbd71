package io.certworker.requeststate;

import io.certworker.contracts.RequestState;
import io.certworker.kafka.Positions;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the state of newly owned partitions from the request-state topic, to the end of its log, into the
 * {@link RequestGuard} (what was answered) and the {@link KafkaMintJournal} (what was being minted); and forgets the
 * state of partitions given up.
 */
public final class RequestStateRestorer implements PartitionStates {
    private static final Logger LOG = LoggerFactory.getLogger(RequestStateRestorer.class);

    private final RequestStateRecords records;
    private final Supplier<Consumer<byte[], byte[]>> readers;
    private final Supplier<Consumer<byte[], byte[]>> logEndReaders;
    private final Duration timeout;
    private final RequestGuard guard;
    private final KafkaMintJournal journal;

    /**
     * @param readers       read_committed consumers outside any group, to read the state with
     * @param logEndReaders read_uncommitted consumers outside any group, to see where the log ends, open transactions
     *                      included
     * @param timeout       how long a partition's state may take to read; must exceed the transaction timeout, as a
     *                      transaction left open by a dead instance holds the reading up until it is aborted
     */
    public RequestStateRestorer(RequestStateRecords records, Supplier<Consumer<byte[], byte[]>> readers,
                                Supplier<Consumer<byte[], byte[]>> logEndReaders, Duration timeout,
                                RequestGuard guard, KafkaMintJournal journal) {
        this.records = records;
        this.readers = readers;
        this.logEndReaders = logEndReaders;
        this.timeout = timeout;
        this.guard = guard;
        this.journal = journal;
    }

    @Override
    public void assigned(Collection<TopicPartition> requestPartitions) {
        if (requestPartitions.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Map<TopicPartition, Long> ends = logEnds(requestPartitions);
        Map<Integer, PartitionState> states = new HashMap<>();
        ends.keySet().forEach(partition -> states.put(partition.partition(), new PartitionState()));
        Instant now = guard.now();
        Instant cutoff = guard.memoryCutoff();
        long read = 0;
        try (Consumer<byte[], byte[]> reader = readers.get()) {
            reader.assign(ends.keySet());
            reader.seekToBeginning(ends.keySet());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!Positions.reachedAll(reader, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + records.topic() + " " + ends.keySet()
                            + " to its end " + ends + " within " + timeout + " (at " + Positions.of(reader, ends)
                            + "); a transaction left open there must end first");
                }
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(100))) {
                    states.get(record.partition()).apply(record, now, cutoff);
                    read++;
                }
            }
        }
        states.forEach((partition, state) -> {
            guard.restored(partition, state.answered);
            journal.restored(partition, state.minting.values());
        });
        LOG.info("Restored the state of {} from {} records in {} ms", requestPartitions, read,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @Override
    public void released(Collection<TopicPartition> requestPartitions) {
        List<Integer> numbers = requestPartitions.stream().map(TopicPartition::partition).toList();
        guard.drop(numbers);
        journal.drop(numbers);
    }

    /**
     * Where each partition's log ends as it is now, open transactions included, not the read_committed end offset:
     * that one stops at the first transaction still open, and an instance that died with its outcome transaction
     * open leaves one until the transaction timeout aborts it. Drafts its journal committed after that transaction
     * began lie beyond it; not waiting for them would mint those requests again.
     */
    private Map<TopicPartition, Long> logEnds(Collection<TopicPartition> requestPartitions) {
        List<TopicPartition> statePartitions = new ArrayList<>();
        requestPartitions.forEach(partition -> statePartitions.add(
                new TopicPartition(records.topic(), partition.partition())));
        try (Consumer<byte[], byte[]> logEndReader = logEndReaders.get()) {
            return logEndReader.endOffsets(statePartitions, timeout);
        }
    }

    /** One partition's state as read so far: the latest record per requestId decides. */
    private final class PartitionState {
        final AnsweredRequests answered = new AnsweredRequests();
        final Map<String, RequestState> minting = new LinkedHashMap<>();

        void apply(ConsumerRecord<byte[], byte[]> record, Instant now, Instant cutoff) {
            String requestId = RequestStateRecords.requestIdOf(record);
            if (requestId == null) {
                return;
            }
            if (record.value() == null) {
                minting.remove(requestId); // a tombstone: the draft is done with
                return;
            }
            Optional<RequestState> state = records.read(record);
            if (state.isEmpty()) {
                LOG.warn("Skipping an unreadable record of {} at partition {} offset {}", records.topic(),
                        record.partition(), record.offset());
                return;
            }
            RequestState value = state.get();
            if (value.state() == RequestState.State.ANSWERED) {
                minting.remove(requestId);
                // Unknown: remember it for the full time rather than forget it early.
                Instant answeredAt = value.answeredAt() == null ? now : value.answeredAt();
                if (answeredAt.isAfter(cutoff) && value.serialNumber() != null) { // older ones await deletion
                    answered.put(requestId, new BigInteger(value.serialNumber()), answeredAt);
                }
            } else {
                minting.put(requestId, value);
            }
        }
    }
}
