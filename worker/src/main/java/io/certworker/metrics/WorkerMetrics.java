package io.certworker.metrics;

import io.certworker.handling.Outcome;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.atlas.AtlasObserver;
import io.certworker.issuance.ca.CaObserver;
import io.certworker.pipeline.PipelineObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The worker's own meters, in one place: what the pipeline, the internal CA and the Atlas issuer report becomes
 * Prometheus series named {@code certworker_*} (see the README's metrics table). Labels stay low-cardinality: result,
 * error code, issuer, algorithm, HTTP status, partition.
 */
public final class WorkerMetrics implements PipelineObserver, CaObserver, AtlasObserver {
    private static final Duration[] LATENCY_SLOS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60)};

    private final MeterRegistry registry;
    private final String issuer;
    private final Counter consumed;
    private final Counter deadLetters;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<TopicPartition, AtomicLong> lags = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> newestExpiry = new ConcurrentHashMap<>();

    /** @param issuer the configured issuer, the {@code issuer} label of outcomes */
    public WorkerMetrics(MeterRegistry registry, String issuer, KeyAlgorithm keyAlgorithm) {
        this.registry = registry;
        this.issuer = issuer;
        this.consumed = Counter.builder("certworker.requests.consumed")
                .description("Records consumed from the requests topic").register(registry);
        this.deadLetters = Counter.builder("certworker.dead.letters")
                .description("Records dead-lettered because they are not requests").register(registry);
        Gauge.builder("certworker.in.flight.requests", inFlight, AtomicInteger::get)
                .description("Requests being processed (consumed, not yet published)").register(registry);
        Gauge.builder("certworker.key.algorithm.info", () -> 1)
                .description("The key type of issued certificates").tag("algorithm", keyAlgorithm.configName())
                .register(registry);
        // Series that should exist from the start, so that rates and increases see their first events.
        outcomes("issued", "none", issuer);
        outcomes("dead_lettered", "none", "none");
        outcomes("duplicate", "none", "none");
        issuanceTimer(issuer);
        endToEndTimer("issued");
        endToEndTimer("failed");
    }

    @Override
    public void consumed(int records) {
        consumed.increment(records);
    }

    @Override
    public void answered(Outcome outcome, long handlingNanos) {
        if (outcome instanceof Outcome.Issued issued) {
            outcomes("issued", "none", issued.certificate().issuer()).increment();
            issuanceTimer(issued.certificate().issuer()).record(handlingNanos, TimeUnit.NANOSECONDS);
        } else {
            outcomes("failed", ((Outcome.Refused) outcome).error().errorCode(), issuer).increment();
        }
    }

    @Override
    public void published(Outcome outcome, long requestTimestampMillis) {
        String result = outcome instanceof Outcome.Issued ? "issued" : "failed";
        long latency = System.currentTimeMillis() - requestTimestampMillis;
        if (requestTimestampMillis > 0 && latency >= 0) {
            endToEndTimer(result).record(latency, TimeUnit.MILLISECONDS);
        }
        if (outcome instanceof Outcome.Issued issued) {
            String certificateIssuer = issued.certificate().issuer();
            AtomicLong newest = newestExpiry.computeIfAbsent(certificateIssuer, name -> {
                AtomicLong value = new AtomicLong();
                Gauge.builder("certworker.newest.certificate.expiry.timestamp", value, AtomicLong::get)
                        .description("notAfter of the latest-expiring certificate issued, Unix seconds")
                        .baseUnit("seconds").tag("issuer", name).register(registry);
                return value;
            });
            newest.accumulateAndGet(issued.certificate().notAfter().getEpochSecond(), Math::max);
        }
    }

    @Override
    public void deadLettered() {
        deadLetters.increment();
        outcomes("dead_lettered", "none", "none").increment();
    }

    @Override
    public void duplicate() {
        outcomes("duplicate", "none", "none").increment();
    }

    @Override
    public void inFlight(int records) {
        inFlight.set(records);
    }

    @Override
    public void lag(TopicPartition partition, long records) {
        lags.computeIfAbsent(partition, owned -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("certworker.consumer.lag.records", value, AtomicLong::get)
                    .description("Requests not yet consumed, per partition owned by this instance")
                    .tags(Tags.of("topic", owned.topic(), "partition", Integer.toString(owned.partition())))
                    .register(registry);
            return value;
        }).set(records);
    }

    @Override
    public void released(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            if (lags.remove(partition) != null) {
                registry.find("certworker.consumer.lag.records")
                        .tags("topic", partition.topic(), "partition", Integer.toString(partition.partition()))
                        .gauges().forEach(registry::remove);
            }
        }
    }

    @Override
    public void keyGenerated(KeyAlgorithm algorithm, long nanos) {
        Timer.builder("certworker.key.generation.duration")
                .description("Time to generate one key pair").tag("algorithm", algorithm.configName())
                .serviceLevelObjectives(LATENCY_SLOS).register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void called(String status) {
        Counter.builder("certworker.atlas.calls").description("Calls to Atlas's Admin API, by answer")
                .tag("status", status).register(registry).increment();
    }

    @Override
    public void retried(String reason) {
        Counter.builder("certworker.atlas.retries").description("Calls to Atlas repeated after a transient failure")
                .tag("reason", reason).register(registry).increment();
    }

    /** Gauges of a key pool: its configured size and the keys ready in it. */
    public void keyPool(KeyAlgorithm algorithm, java.util.function.IntSupplier size,
                        java.util.function.IntSupplier available) {
        Gauge.builder("certworker.key.pool.size", size::getAsInt).description("Keys the pool holds when full")
                .tag("algorithm", algorithm.configName()).register(registry);
        Gauge.builder("certworker.key.pool.available", available::getAsInt).description("Keys ready in the pool")
                .tag("algorithm", algorithm.configName()).register(registry);
    }

    private Counter outcomes(String result, String errorCode, String issuerName) {
        return Counter.builder("certworker.outcomes")
                .description("Requests answered, by result, error code and issuer")
                .tags("result", result, "error_code", errorCode, "issuer", issuerName)
                .register(registry);
    }

    private Timer issuanceTimer(String issuerName) {
        return Timer.builder("certworker.issuance.duration")
                .description("From a request's handling to its certificate (validation, lookup, key, signature or "
                        + "Atlas call)")
                .tag("issuer", issuerName).serviceLevelObjectives(LATENCY_SLOS).register(registry);
    }

    private Timer endToEndTimer(String result) {
        return Timer.builder("certworker.end.to.end.latency")
                .description("From the request record's timestamp to its outcome's commit")
                .tag("result", result).serviceLevelObjectives(LATENCY_SLOS).register(registry);
    }
}
