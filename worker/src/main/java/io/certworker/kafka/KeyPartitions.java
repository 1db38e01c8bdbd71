package io.certworker.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition a record key belongs to: murmur2 of the key's bytes, as Java's default partitioner computes it. Every
 * per-key guarantee of the worker (one answer per requestId, in key order; a user's latest state) is defined on this
 * partition, whatever partitioner the producer used.
 */
public final class KeyPartitions {
    private KeyPartitions() {
    }

    /** The partition of {@code key} in a topic of {@code partitions} partitions. */
    public static int of(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /** The partition of the UTF-8 {@code key} in a topic of {@code partitions} partitions. */
    public static int of(String key, int partitions) {
        return of(key.getBytes(StandardCharsets.UTF_8), partitions);
    }
}
