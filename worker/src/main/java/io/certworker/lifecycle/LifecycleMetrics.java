package io.certworker.lifecycle;

import io.certworker.contracts.RevocationReason;
import io.certworker.revocation.RevocationObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of a certificate's life after issuance: revocations by result, reason and error code (low-cardinality
 * labels only), how long making a CRL takes, expiry warnings published. Closing it removes its meters.
 */
public final class LifecycleMetrics implements RevocationObserver, MeterBinder, AutoCloseable {
    private static final String NONE = "none";

    private final Set<Meter> registered = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;
    private volatile Timer crlBuilds;
    private volatile Counter expiryWarnings;

    @Override
    public void bindTo(MeterRegistry to) {
        this.registry = to;
        // Series that exist from the start, so that rates see their first events.
        revocations("revoked", RevocationReason.UNSPECIFIED.wireName(), NONE);
        revocations("already_revoked", NONE, NONE);
        revocations("dead_lettered", NONE, NONE);
        this.crlBuilds = kept(Timer.builder("certworker.crl.build.duration")
                .description("Making and signing one project's CRL")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(to));
        this.expiryWarnings = kept(Counter.builder("certworker.expiry.warnings")
                .description("Expiry warnings published (cert-expiring)").register(to));
    }

    @Override
    public void revoked(RevocationReason reason) {
        revocations("revoked", reason.wireName(), NONE).increment();
    }

    @Override
    public void alreadyRevoked() {
        revocations("already_revoked", NONE, NONE).increment();
    }

    @Override
    public void refused(String errorCode) {
        revocations("failed", NONE, errorCode).increment();
    }

    @Override
    public void deadLettered() {
        revocations("dead_lettered", NONE, NONE).increment();
    }

    /** One CRL was made (and signed) in {@code nanos}. */
    public void crlBuilt(long nanos) {
        crlBuilds.record(Duration.ofNanos(nanos));
    }

    /** Expiry warnings were published. */
    public void expiryWarnings(int published) {
        expiryWarnings.increment(published);
    }

    @Override
    public void close() {
        MeterRegistry bound = registry;
        if (bound != null) {
            registered.forEach(bound::remove);
        }
        registered.clear();
    }

    private Counter revocations(String result, String reason, String errorCode) {
        return kept(Counter.builder("certworker.revocations")
                .description("Revocation requests answered, by result")
                .tag("result", result).tag("reason", reason).tag("error_code", errorCode)
                .register(registry));
    }

    private <M extends Meter> M kept(M meter) {
        registered.add(meter);
        return meter;
    }
}
