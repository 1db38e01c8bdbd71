package io.certworker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.issuance.ca.CryptoOperation;
import io.certworker.issuance.ca.CryptoProviders;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class CryptoProviderMetricsTest {
    @Test
    void eachOperationHasOneSeriesNamingItsProviderWithValueOne() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CryptoProviders providers = CryptoProviders.select(CryptoProviders.JDK);

        new CryptoProviderMetrics(providers).bindTo(registry);

        assertThat(registry.find("certworker.crypto.provider.info").gauges()).hasSize(CryptoOperation.values().length);
        for (CryptoOperation operation : CryptoOperation.values()) {
            Gauge gauge = registry.get("certworker.crypto.provider.info").tag("operation", operation.label()).gauge();
            assertThat(gauge.getId().getTag("provider")).isEqualTo(providers.inUse(operation));
            assertThat(gauge.value()).isEqualTo(1.0);
        }
        assertThat(registry.get("certworker.crypto.provider.info").tag("operation", "ec_key_generation").gauge()
                .getId().getTag("provider")).isEqualTo("bouncycastle");
    }
}
