package io.certworker.issuance.ca;

import io.certworker.issuance.KeyAlgorithm;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Subject key pairs made ahead of time, so a burst of requests is answered without waiting for key generation
 * (seconds for RSA-4096). Bounded; filled by one background thread of the lowest priority; never persisted; each key
 * handed out once and then forgotten.
 *
 * <p>The filler makes keys only once no key has been taken for {@link #QUIET_PERIOD}: thread priorities mean nothing
 * to Linux's scheduler, and a filler making an RSA key during a burst would take a core from the requests it is
 * meant to speed up. Under sustained load the pool stays empty and requests make their own keys, as without it.
 */
public final class KeyPool implements AutoCloseable {
    /** How long after the last key taken the filler starts again. */
    static final Duration QUIET_PERIOD = Duration.ofMillis(500);
    /** No pool: every key is made when it is needed. */
    public static final KeyPool NONE = new KeyPool();

    private final KeyAlgorithm algorithm;
    private final int size;
    private final BlockingQueue<KeyPair> ready;
    private final Thread filler;
    private volatile boolean running;
    private volatile long lastTaken = System.nanoTime() - QUIET_PERIOD.toNanos();

    private KeyPool() {
        this.algorithm = null;
        this.size = 0;
        this.ready = new ArrayBlockingQueue<>(1);
        this.filler = null;
    }

    private KeyPool(KeyAlgorithm algorithm, int size, KeyPairFactory factory) {
        this.algorithm = algorithm;
        this.size = size;
        this.ready = new ArrayBlockingQueue<>(size);
        this.running = true;
        this.filler = new Thread(() -> fill(factory), "key-pool-" + algorithm.configName());
        this.filler.setDaemon(true);
        this.filler.setPriority(Thread.MIN_PRIORITY);
        this.filler.start();
    }

    /** A pool of {@code size} keys of {@code algorithm}, filling from now on; {@link #NONE} when size is 0. */
    public static KeyPool of(KeyAlgorithm algorithm, int size, CaObserver observer) {
        return of(algorithm, size, observer, CryptoProviders.automatic());
    }

    /** As {@link #of(KeyAlgorithm, int, CaObserver)}, the keys made by {@code providers}' choice. */
    public static KeyPool of(KeyAlgorithm algorithm, int size, CaObserver observer, CryptoProviders providers) {
        return size <= 0 ? NONE : new KeyPool(algorithm, size, new KeyPairFactory(observer, NONE, providers));
    }

    /** A ready key of {@code wanted}, or null when none is ready. Never blocks. */
    KeyPair take(KeyAlgorithm wanted) {
        if (wanted != algorithm) {
            return null;
        }
        lastTaken = System.nanoTime();
        return ready.poll();
    }

    /** Keys the pool holds when full. */
    public int size() {
        return size;
    }

    /** Keys ready now. */
    public int available() {
        return ready.size();
    }

    @Override
    public void close() {
        running = false;
        if (filler != null) {
            filler.interrupt();
        }
        ready.clear();
    }

    private void fill(KeyPairFactory factory) {
        try {
            while (running) {
                long quietFor = System.nanoTime() - lastTaken;
                if (quietFor < QUIET_PERIOD.toNanos()) {
                    Thread.sleep(Math.max(1, (QUIET_PERIOD.toNanos() - quietFor) / 1_000_000));
                } else if (ready.remainingCapacity() == 0) {
                    Thread.sleep(QUIET_PERIOD.toMillis() / 5); // full: no key is made ahead to wait for a place
                } else {
                    ready.offer(factory.generateNow(algorithm));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
