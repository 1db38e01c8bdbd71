package io.certworker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.apierror.ErrorCode;
import io.certworker.handling.Outcome;
import io.certworker.issuance.IssuedCertificate;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.ca.CaObserver;
import io.certworker.issuance.ca.KeyPool;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The worker's meter binders against a plain registry: what each registers, with which units, and what it removes. */
class MetricsBindersTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void thePipelineCountsOutcomesByResultCodeAndIssuerAndFaultsByRetryability() {
        PipelineMetrics metrics = new PipelineMetrics("internal-ca", KeyAlgorithm.EC_P256, "cert-requests");
        metrics.bindTo(registry);

        metrics.consumed(3);
        metrics.answered(issued(), 1_000_000);
        metrics.answered(new Outcome.Refused("r-2", "g", "u", ErrorCode.ISSUING_CA_EXPIRES_TOO_SOON.error("g", "a", "b")),
                1_000);
        metrics.answered(new Outcome.Refused("r-3", "g", "u", ErrorCode.UNEXPECTED_ERROR.error().asRetryable()), 1_000);
        metrics.deadLettered();
        metrics.duplicate();

        assertThat(registry.get("certworker.requests.consumed").counter().count()).isEqualTo(3);
        assertThat(registry.get("certworker.outcomes").tags("result", "issued", "issuer", "internal-ca").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get("certworker.outcomes").tags("error_code", "ISSUING_CA_EXPIRES_TOO_SOON")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("certworker.issuance.faults").tags("error_code", "ISSUING_CA_EXPIRES_TOO_SOON",
                "retryable", "false").counter().count()).isEqualTo(1);
        assertThat(registry.get("certworker.issuance.faults").tags("error_code", "UNEXPECTED_ERROR", "retryable",
                "true").counter().count()).isEqualTo(1);
        assertThat(registry.get("certworker.dead.letters").counter().count()).isEqualTo(1);
        assertThat(registry.get("certworker.outcomes").tags("result", "duplicate").counter().count()).isEqualTo(1);
        assertThat(registry.get("certworker.issuance.duration").tags("issuer", "internal-ca").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("certworker.key.algorithm.info").tags("algorithm", "EC-P256").gauge().value())
                .isEqualTo(1);
    }

    @Test
    void everyGaugeOfThePipelineHasABaseUnitAndLagGaugesGoWithTheirPartition() {
        PipelineMetrics metrics = new PipelineMetrics("internal-ca", KeyAlgorithm.EC_P256, "cert-requests");
        metrics.bindTo(registry);
        TopicPartition kept = new TopicPartition("cert-requests", 0);
        TopicPartition released = new TopicPartition("cert-requests", 1);
        metrics.lag(kept, 5);
        metrics.lag(released, 7);
        metrics.inFlight(2);
        metrics.published(issued(), System.currentTimeMillis());

        metrics.released(List.of(released));

        assertThat(registry.find("certworker.consumer.lag.records").tag("partition", "1").gauge()).isNull();
        assertThat(registry.get("certworker.consumer.lag.records").tag("partition", "0").gauge().value()).isEqualTo(5);
        assertThat(registry.get("certworker.in.flight.requests").gauge().value()).isEqualTo(2);
        assertThat(registry.get("certworker.newest.certificate.expiry.timestamp").gauge().value())
                .isEqualTo(Instant.parse("2027-02-22T16:20:26Z").getEpochSecond());
        for (Gauge gauge : registry.find("certworker.consumer.lag.records").gauges()) {
            assertThat(gauge.getId().getBaseUnit()).isEqualTo("records");
        }
        assertThat(registry.get("certworker.in.flight.requests").gauge().getId().getBaseUnit()).isEqualTo("requests");
        assertThat(registry.get("certworker.newest.certificate.expiry.timestamp").gauge().getId().getBaseUnit())
                .isEqualTo("seconds");
    }

    @Test
    void closingABinderRemovesExactlyItsMeters() {
        registry.counter("someone.else");
        PipelineMetrics pipeline = new PipelineMetrics("internal-ca", KeyAlgorithm.EC_P256, "cert-requests");
        pipeline.bindTo(registry);
        pipeline.lag(new TopicPartition("cert-requests", 0), 1);
        AtlasMetrics atlas = new AtlasMetrics();
        atlas.bindTo(registry);
        atlas.called("201");
        atlas.retried("429");

        pipeline.close();
        atlas.close();

        assertThat(registry.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
                .containsExactly("someone.else");
    }

    @Test
    void theAtlasIssuerCountsCallsAndRetries() {
        AtlasMetrics metrics = new AtlasMetrics();
        metrics.bindTo(registry);

        metrics.called("201");
        metrics.called("201");
        metrics.called("timeout");
        metrics.retried("timeout");

        assertThat(registry.get("certworker.atlas.calls").tag("status", "201").counter().count()).isEqualTo(2);
        assertThat(registry.get("certworker.atlas.calls").tag("status", "timeout").counter().count()).isEqualTo(1);
        assertThat(registry.get("certworker.atlas.retries").tag("reason", "timeout").counter().count()).isEqualTo(1);
    }

    @Test
    void theCaTimesKeysAndShowsItsPoolInKeys() {
        CaMetrics metrics = new CaMetrics();
        try (KeyPool pool = KeyPool.of(KeyAlgorithm.EC_P256, 4, CaObserver.NONE)) {
            metrics.watching(pool, KeyAlgorithm.EC_P256).bindTo(registry);
            metrics.keyGenerated(KeyAlgorithm.EC_P256, 2_000_000);

            assertThat(registry.get("certworker.key.generation.duration").tag("algorithm", "EC-P256").timer().count())
                    .isEqualTo(1);
            Gauge size = registry.get("certworker.key.pool.size").gauge();
            assertThat(size.value()).isEqualTo(4);
            assertThat(size.getId().getBaseUnit()).isEqualTo("keys");
            assertThat(registry.get("certworker.key.pool.available").gauge().getId().getBaseUnit()).isEqualTo("keys");

            metrics.close();
            assertThat(registry.getMeters()).isEmpty();
        }
    }

    @Test
    void aCaWithoutAPoolShowsNoPoolGauges() {
        CaMetrics metrics = new CaMetrics();
        metrics.bindTo(registry);

        assertThat(registry.find("certworker.key.pool.size").gauge()).isNull();
    }

    private static Outcome.Issued issued() {
        return new Outcome.Issued("r-1", "g", "alice", new IssuedCertificate(BigInteger.ONE, "CN=alice",
                Instant.parse("2026-11-22T15:20:26Z"), Instant.parse("2027-02-22T16:20:26Z"),
                Instant.parse("2026-11-22T15:20:26Z"), "internal-ca", "-----BEGIN CERTIFICATE-----\n", null));
    }
}
