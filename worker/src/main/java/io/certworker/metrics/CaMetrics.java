package io.certworker.metrics;

import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.ca.CaObserver;
import io.certworker.issuance.ca.KeyPool;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;

/**
 * What the internal CA reports: the time each key pair took, and its key pool's size and fill (when it has a pool).
 * Closing it removes its meters.
 */
public final class CaMetrics implements CaObserver, MeterBinder, AutoCloseable {
    private final Meters meters = new Meters();
    private volatile KeyPool pool = KeyPool.NONE;
    private volatile KeyAlgorithm pooled;

    /** Reports the fill of {@code keyPool}, made for {@code algorithm}, once bound. */
    public CaMetrics watching(KeyPool keyPool, KeyAlgorithm algorithm) {
        this.pool = keyPool;
        this.pooled = algorithm;
        return this;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        meters.bind(registry);
        if (pooled != null) {
            KeyPool watched = pool;
            meters.add(Gauge.builder("certworker.key.pool.size", watched, KeyPool::size)
                    .description("Keys the pool holds when full").baseUnit("keys")
                    .tag("algorithm", pooled.configName()).register(registry));
            meters.add(Gauge.builder("certworker.key.pool.available", watched, KeyPool::available)
                    .description("Keys ready in the pool").baseUnit("keys")
                    .tag("algorithm", pooled.configName()).register(registry));
        }
    }

    @Override
    public void keyGenerated(KeyAlgorithm algorithm, long nanos) {
        meters.add(Timer.builder("certworker.key.generation.duration")
                .description("Time to generate one key pair").tag("algorithm", algorithm.configName())
                .serviceLevelObjectives(Meters.LATENCY_SLOS).register(meters.registry()))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        meters.removeAll();
    }
}
