package io.certworker.contracts;

/**
 * Headers the worker puts on records it moves to their key's partition. Every per-key guarantee (one answer per
 * requestId, in key order; a user's latest state) is defined on the partition Java's default partitioner gives the key
 * (murmur2). A producer that partitions otherwise (librdkafka's default CRC32, an explicit partition) puts a record
 * elsewhere: the worker copies it, key, value, headers and timestamp unchanged, to the key's partition with
 * {@link #FORWARDED_FROM}, and (for the compacted tables) removes the stray copy with a tombstone carrying
 * {@link #MOVED_TO}. Header values are UTF-8 text.
 */
public final class RoutingHeaders {
    /** On a copy: where the original was read, {@code <topic>-<partition>-<offset>}. */
    public static final String FORWARDED_FROM = "cert-worker.forwarded-from";
    /**
     * On a tombstone that only clears a stray copy from a table's wrong partition: the partition the record was moved
     * to, as decimal text. Such a tombstone deletes nothing.
     */
    public static final String MOVED_TO = "cert-worker.moved-to";

    private RoutingHeaders() {
    }
}
