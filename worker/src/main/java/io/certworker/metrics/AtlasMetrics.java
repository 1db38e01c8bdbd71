package io.certworker.metrics;

import io.certworker.issuance.atlas.AtlasObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** What the Atlas issuer reports: its calls by answer, and the calls it repeated. Closing it removes its meters. */
public final class AtlasMetrics implements AtlasObserver, MeterBinder, AutoCloseable {
    private final Meters meters = new Meters();

    @Override
    public void bindTo(MeterRegistry registry) {
        meters.bind(registry);
    }

    @Override
    public void called(String status) {
        meters.add(Counter.builder("certworker.atlas.calls").description("Calls to Atlas's Admin API, by answer")
                .tag("status", status).register(meters.registry())).increment();
    }

    @Override
    public void retried(String reason) {
        meters.add(Counter.builder("certworker.atlas.retries")
                .description("Calls to Atlas repeated after a transient failure")
                .tag("reason", reason).register(meters.registry())).increment();
    }

    @Override
    public void close() {
        meters.removeAll();
    }
}
