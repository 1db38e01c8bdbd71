package io.certworker.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters one binder registered, so that it can remove exactly those when it is closed, or one of them when its
 * subject goes (a partition given up). The registry is the one the binder was bound to.
 */
final class Meters {
    /** Latency buckets worth alerting on, from 5 ms to a minute. */
    static final Duration[] LATENCY_SLOS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60)};

    /** A set: registering a meter again returns the same one, which is then not kept twice. */
    private final Set<Meter> registered = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;

    /** Binds to {@code registry}; a binder is bound once. */
    MeterRegistry bind(MeterRegistry to) {
        Objects.requireNonNull(to, "registry");
        if (registry != null && registry != to) {
            throw new IllegalStateException("already bound to another registry");
        }
        registry = to;
        return to;
    }

    /** The registry bound to. */
    MeterRegistry registry() {
        MeterRegistry bound = registry;
        if (bound == null) {
            throw new IllegalStateException("not bound to a registry yet");
        }
        return bound;
    }

    /** Remembers a meter this binder registered. */
    <M extends Meter> M add(M meter) {
        registered.add(meter);
        return meter;
    }

    /** Removes one meter of this binder's. */
    void remove(Meter meter) {
        registered.remove(meter);
        MeterRegistry bound = registry;
        if (bound != null) {
            bound.remove(meter);
        }
    }

    /** Removes every meter of this binder's. */
    void removeAll() {
        MeterRegistry bound = registry;
        if (bound != null) {
            registered.forEach(bound::remove);
        }
        registered.clear();
    }
}
