package io.certworker.requeststate;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The requests of one partition that were answered with a certificate, remembered for as long as the request-state
 * topic keeps them, in about 40 bytes of heap each, so that a week of answers fits in memory.
 *
 * <p>A requestId is not kept: its SHA-256, cut to 128 bits, is (a collision among a billion ids has a probability
 * near 10^-21). Each entry is that hash, the serial (the internal CA's and Atlas's serials fit in 64 bits; a longer
 * one is kept aside) and the answer's time in whole seconds, in parallel primitive arrays probed linearly, grown by
 * half when three quarters full. Forgetting old answers scans the table, which the guard does at most once a minute.
 * Thread-safe.
 */
public final class AnsweredRequests {
    /** The answer a request got. */
    public record Answer(BigInteger serialNumber, Instant answeredAt) {
    }

    private static final int INITIAL_CAPACITY = 16;
    private static final BigInteger UNSIGNED_LONG_LIMIT = BigInteger.ONE.shiftLeft(64);
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });

    /** Two longs per slot: the high and low halves of the hash; both zero marks a free slot. */
    private long[] hashes = new long[2 * INITIAL_CAPACITY];
    private long[] serials = new long[INITIAL_CAPACITY];
    private int[] answeredAtSeconds = new int[INITIAL_CAPACITY];
    /** Serials that do not fit in 64 bits, by slot-independent hash key; rare. */
    private final Map<Hash, BigInteger> longSerials = new HashMap<>();
    private int size;

    private record Hash(long high, long low) {
    }

    /** Remembers (or re-times) the answer of {@code requestId}. */
    public synchronized void put(String requestId, BigInteger serialNumber, Instant answeredAt) {
        Hash hash = hash(requestId);
        if ((size + 1) * 4L > capacity() * 3L) {
            resize(capacity() + capacity() / 2);
        }
        int slot = find(hash);
        if (isFree(slot)) {
            size++;
        }
        hashes[2 * slot] = hash.high();
        hashes[2 * slot + 1] = hash.low();
        answeredAtSeconds[slot] = (int) answeredAt.getEpochSecond();
        if (serialNumber.signum() > 0 && serialNumber.compareTo(UNSIGNED_LONG_LIMIT) < 0) {
            serials[slot] = serialNumber.longValue();
            longSerials.remove(hash);
        } else {
            serials[slot] = 0;
            longSerials.put(hash, serialNumber);
        }
    }

    /** The answer {@code requestId} got, if it is remembered. */
    public synchronized Optional<Answer> answerOf(String requestId) {
        Hash hash = hash(requestId);
        int slot = find(hash);
        if (isFree(slot)) {
            return Optional.empty();
        }
        BigInteger serial = serials[slot] == 0 ? longSerials.get(hash) : unsigned(serials[slot]);
        return Optional.of(new Answer(serial, Instant.ofEpochSecond(Integer.toUnsignedLong(answeredAtSeconds[slot]))));
    }

    /** Forgets the answers taken before {@code cutoff}; returns how many. */
    public synchronized int forgetBefore(Instant cutoff) {
        long cutoffSeconds = cutoff.getEpochSecond();
        int forgotten = 0;
        int slot = 0;
        while (slot < capacity()) {
            if (!isFree(slot) && Integer.toUnsignedLong(answeredAtSeconds[slot]) < cutoffSeconds) {
                longSerials.remove(new Hash(hashes[2 * slot], hashes[2 * slot + 1]));
                delete(slot);
                forgotten++;
                // delete() may have shifted a later entry into this slot: look at it again.
            } else {
                slot++;
            }
        }
        if (size * 8L < capacity() && capacity() > INITIAL_CAPACITY) {
            resize(Math.max(INITIAL_CAPACITY, size * 2));
        }
        return forgotten;
    }

    public synchronized int size() {
        return size;
    }

    /** The heap the table holds, in bytes (arrays and their headers), for the memory benchmark. */
    public synchronized long heapBytes() {
        return 16L + 8L * hashes.length + 16L + 8L * serials.length + 16L + 4L * answeredAtSeconds.length;
    }

    private int capacity() {
        return serials.length;
    }

    private boolean isFree(int slot) {
        return hashes[2 * slot] == 0 && hashes[2 * slot + 1] == 0;
    }

    /** The slot holding {@code hash}, or the free slot where it would go. */
    private int find(Hash hash) {
        int slot = home(hash.low(), capacity());
        while (!isFree(slot) && (hashes[2 * slot] != hash.high() || hashes[2 * slot + 1] != hash.low())) {
            slot = slot + 1 == capacity() ? 0 : slot + 1;
        }
        return slot;
    }

    /** Removes the entry at {@code slot}, shifting back the entries after it that would no longer be found. */
    private void delete(int slot) {
        int free = slot;
        int next = free;
        while (true) {
            next = next + 1 == capacity() ? 0 : next + 1;
            if (isFree(next)) {
                break;
            }
            int home = home(hashes[2 * next + 1], capacity());
            // The entry at next may move to free if its home is not cyclically in (free, next].
            boolean movable = free <= next ? (home <= free || home > next) : (home <= free && home > next);
            if (movable) {
                hashes[2 * free] = hashes[2 * next];
                hashes[2 * free + 1] = hashes[2 * next + 1];
                serials[free] = serials[next];
                answeredAtSeconds[free] = answeredAtSeconds[next];
                free = next;
            }
        }
        hashes[2 * free] = 0;
        hashes[2 * free + 1] = 0;
        serials[free] = 0;
        answeredAtSeconds[free] = 0;
        size--;
    }

    private void resize(int newCapacity) {
        long[] oldHashes = hashes;
        long[] oldSerials = serials;
        int[] oldTimes = answeredAtSeconds;
        hashes = new long[2 * newCapacity];
        serials = new long[newCapacity];
        answeredAtSeconds = new int[newCapacity];
        for (int old = 0; old < oldSerials.length; old++) {
            if (oldHashes[2 * old] == 0 && oldHashes[2 * old + 1] == 0) {
                continue;
            }
            int slot = find(new Hash(oldHashes[2 * old], oldHashes[2 * old + 1]));
            hashes[2 * slot] = oldHashes[2 * old];
            hashes[2 * slot + 1] = oldHashes[2 * old + 1];
            serials[slot] = oldSerials[old];
            answeredAtSeconds[slot] = oldTimes[old];
        }
    }

    /** Where probing for a hash starts (capacities grow by half, so they are not powers of two). */
    private static int home(long low, int capacity) {
        return (int) Math.floorMod(low, (long) capacity);
    }

    private static BigInteger unsigned(long value) {
        return value >= 0 ? BigInteger.valueOf(value) : BigInteger.valueOf(value).add(UNSIGNED_LONG_LIMIT);
    }

    private static Hash hash(String requestId) {
        MessageDigest digest = SHA_256.get();
        ByteBuffer bytes = ByteBuffer.wrap(digest.digest(requestId.getBytes(StandardCharsets.UTF_8)));
        long high = bytes.getLong();
        long low = bytes.getLong();
        return high == 0 && low == 0 ? new Hash(0, 1) : new Hash(high, low);
    }
}
