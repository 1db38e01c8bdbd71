package io.certworker.directory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current state of every key of a compacted table topic ({@code db-users}, {@code user-security}), whatever
 * partition its records landed on, so that no producer's partitioner can undo an update or a delete.
 *
 * <p>Within one partition, a later record replaces an earlier one, as compaction will. Across partitions, the newest
 * record (by its timestamp) decides, and a tie goes to the stricter state, so that the table fails closed: a user
 * deleted through a producer that partitions by CRC32 stays deleted, whatever the order the partitions are read in. A copy the worker
 * moved to the key's partition replaces that partition's state only if it is not older than it (a later write there
 * must not be undone by a copy of an earlier one), and a tombstone that only clears a moved record's stray copy
 * forgets that partition's state without deleting anything. Thread-safe.
 *
 * @param <V> what a key's record says (never null: a delete is the absence of a value)
 */
final class KeyedTable<V> {
    /**
     * One partition's latest state of a key: a value and the record value it was read from, or deleted (both null).
     * The record value is kept so that the state can be written again as it was.
     */
    record State<V>(V value, byte[] record, long timestamp) {
        boolean deleted() {
            return value == null;
        }
    }

    /** The states of one key: usually in one partition only. */
    private static final class Versions<V> {
        final Map<Integer, State<V>> byPartition = new HashMap<>(2);
    }

    private final Map<String, Versions<V>> keys = new ConcurrentHashMap<>();
    private final boolean deleteIsStricter;

    /**
     * @param deleteIsStricter whether a delete wins a tie (a user's delete), or a value does (a customer CA set, which
     *                         refuses certificates, beats its clearing)
     */
    KeyedTable(boolean deleteIsStricter) {
        this.deleteIsStricter = deleteIsStricter;
    }

    /**
     * Applies one record.
     *
     * @param value     what it says, or null for a delete
     * @param record    the record value it was read from, or null for a delete
     * @param forwarded a copy the worker moved here from another partition
     * @param cleanup   a tombstone that only clears a stray copy
     * @return the key's current value before and after
     */
    Change<V> apply(String key, int partition, long timestamp, V value, byte[] record, boolean forwarded,
                    boolean cleanup) {
        Versions<V> versions = keys.computeIfAbsent(key, k -> new Versions<>());
        synchronized (versions) {
            Optional<V> before = current(versions);
            State<V> held = versions.byPartition.get(partition);
            if (cleanup) {
                versions.byPartition.remove(partition);
            } else if (!forwarded || held == null || timestamp >= held.timestamp()) {
                versions.byPartition.put(partition, new State<>(value, value == null ? null : record, timestamp));
            }
            Optional<V> after = current(versions);
            if (versions.byPartition.isEmpty()) {
                keys.remove(key, versions);
            }
            return new Change<>(before, after);
        }
    }

    /** The key's current value: the newest of its partitions' states; empty when that is a delete, or none. */
    Optional<V> get(String key) {
        Versions<V> versions = keys.get(key);
        if (versions == null) {
            return Optional.empty();
        }
        synchronized (versions) {
            return current(versions);
        }
    }

    /** The state {@code partition} holds for the key, if any. */
    Optional<State<V>> stateIn(String key, int partition) {
        Versions<V> versions = keys.get(key);
        if (versions == null) {
            return Optional.empty();
        }
        synchronized (versions) {
            return Optional.ofNullable(versions.byPartition.get(partition));
        }
    }

    /** Keys with a current value. */
    int size() {
        int live = 0;
        for (Versions<V> versions : keys.values()) {
            synchronized (versions) {
                live += current(versions).isPresent() ? 1 : 0;
            }
        }
        return live;
    }

    private Optional<V> current(Versions<V> versions) {
        State<V> newest = null;
        for (State<V> state : versions.byPartition.values()) {
            if (newest == null || state.timestamp() > newest.timestamp()
                    || (state.timestamp() == newest.timestamp() && state.deleted() == deleteIsStricter)) {
                newest = state;
            }
        }
        return newest == null ? Optional.empty() : Optional.ofNullable(newest.value());
    }

    /** A key's value before and after a record. */
    record Change<V>(Optional<V> before, Optional<V> after) {
    }
}
