package io.certworker.metrics;

import io.certworker.issuance.ca.CryptoOperation;
import io.certworker.issuance.ca.CryptoProviders;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;

/**
 * {@code certworker_crypto_provider_info{operation,provider} 1}: which provider serves each cryptographic operation
 * of the internal CA (for example {@code operation="ec_key_generation", provider="accp"}), so that a dashboard shows
 * a worker that runs without its native provider.
 */
public final class CryptoProviderMetrics implements MeterBinder {
    private final Map<CryptoOperation, String> inUse;

    public CryptoProviderMetrics(CryptoProviders providers) {
        this.inUse = providers.inUse();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        inUse.forEach((operation, provider) -> Gauge.builder("certworker.crypto.provider.info", () -> 1)
                .description("The provider serving each cryptographic operation of the internal CA")
                .tag("operation", operation.label())
                .tag("provider", provider)
                .register(registry));
    }
}
