package io.certworker.lifecycle;

import io.certworker.contracts.RevocationReason;
import io.certworker.revocation.RevocationObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The meters of a certificate's life after issuance: revocations by result, reason and error code (low-cardinality
 * labels only), how long making a CRL takes, expiry warnings published.
 */
public final class LifecycleMetrics implements RevocationObserver {
    private static final String NONE = "none";

    private final MeterRegistry registry;
    private final Timer crlBuilds;
    private final Counter expiryWarnings;

    public LifecycleMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Series that exist from the start, so that rates see their first events.
        revocations("revoked", RevocationReason.UNSPECIFIED.wireName(), NONE);
        revocations("already_revoked", NONE, NONE);
        revocations("dead_lettered", NONE, NONE);
        this.crlBuilds = Timer.builder("certworker.crl.build.duration")
                .description("Making and signing one project's CRL")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        this.expiryWarnings = Counter.builder("certworker.expiry.warnings")
                .description("Expiry warnings published (cert-expiring)").register(registry);
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

    private Counter revocations(String result, String reason, String errorCode) {
        return Counter.builder("certworker.revocations")
                .description("Revocation requests answered, by result")
                .tag("result", result).tag("reason", reason).tag("error_code", errorCode)
                .register(registry);
    }
}
