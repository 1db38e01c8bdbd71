package io.certworker.metrics;

import io.certworker.apierror.AtlasApiError;
import io.certworker.handling.Outcome;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.kafka.MisroutedRecords;
import io.certworker.pipeline.PipelineObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * What the pipeline reports, as {@code certworker_*} series: records consumed, outcomes by result, error code and
 * issuer, faults (the issuer could not serve; retryable or not) by error code, dead letters, handling and end-to-end latency, requests in flight, lag per owned partition (removed
 * when the partition is given up), and the newest notAfter issued. Labels stay low-cardinality. Closing it removes its
 * meters.
 */
public final class PipelineMetrics implements PipelineObserver, MeterBinder, AutoCloseable {
    private final String issuer;
    private final KeyAlgorithm keyAlgorithm;
    private final Meters meters = new Meters();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<TopicPartition, Lag> lags = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> newestExpiry = new ConcurrentHashMap<>();
    private volatile Counter consumed;
    private volatile Counter deadLetters;

    private record Lag(AtomicLong records, Gauge gauge) {
    }

    private final String requestsTopic;

    /**
     * @param issuer        the configured issuer, the {@code issuer} label of outcomes that carry none
     * @param keyAlgorithm  the key type of issued certificates
     * @param requestsTopic the requests topic, whose misrouted records are counted from the start
     */
    public PipelineMetrics(String issuer, KeyAlgorithm keyAlgorithm, String requestsTopic) {
        this.issuer = issuer;
        this.keyAlgorithm = keyAlgorithm;
        this.requestsTopic = requestsTopic;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        meters.bind(registry);
        consumed = meters.add(Counter.builder("certworker.requests.consumed")
                .description("Records consumed from the requests topic").register(registry));
        deadLetters = meters.add(Counter.builder("certworker.dead.letters")
                .description("Records dead-lettered because they are not requests").register(registry));
        meters.add(Gauge.builder("certworker.in.flight.requests", inFlight, AtomicInteger::get)
                .description("Requests being processed (consumed, not yet published)").baseUnit("requests")
                .register(registry));
        meters.add(Gauge.builder("certworker.key.algorithm.info", () -> 1)
                .description("The key type of issued certificates (always 1)").tag("algorithm",
                        keyAlgorithm.configName()).register(registry));
        // Series that should exist from the start, so that rates and increases see their first events.
        outcomes("issued", "none", issuer);
        outcomes("dead_lettered", "none", "none");
        outcomes("duplicate", "none", "none");
        issuanceTimer(issuer);
        endToEndTimer("issued");
        endToEndTimer("failed");
        faults("UNEXPECTED_ERROR", true);
        for (MisroutedRecords.Pattern pattern : MisroutedRecords.Pattern.values()) {
            misroutedCounter(requestsTopic, pattern);
        }
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
            AtlasApiError error = ((Outcome.Refused) outcome).error();
            outcomes("failed", error.errorCode(), issuer).increment();
            if (error.status() >= 500) {
                faults(error.errorCode(), error.retryable()).increment();
            }
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
            newestExpiry.computeIfAbsent(issued.certificate().issuer(), this::newestExpiryGauge)
                    .accumulateAndGet(issued.certificate().notAfter().getEpochSecond(), Math::max);
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
            Gauge gauge = meters.add(Gauge.builder("certworker.consumer.lag.records", value, AtomicLong::get)
                    .description("Requests not yet consumed, per partition owned by this instance")
                    .baseUnit("records")
                    .tags(Tags.of("topic", owned.topic(), "partition", Integer.toString(owned.partition())))
                    .register(meters.registry()));
            return new Lag(value, gauge);
        }).records().set(records);
    }

    @Override
    public void released(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            Lag lag = lags.remove(partition);
            if (lag != null) {
                meters.remove(lag.gauge());
            }
        }
    }

    @Override
    public void misrouted(String topic, MisroutedRecords.Pattern pattern) {
        misroutedCounter(topic, pattern).increment();
    }

    private Counter misroutedCounter(String topic, MisroutedRecords.Pattern pattern) {
        return meters.add(Counter.builder("certworker.misrouted.records")
                .description("Records found off their key's partition (and moved there), by topic and by how the "
                        + "producer placed them")
                .tags("topic", topic, "pattern", pattern.label()).register(meters.registry()));
    }

    private Counter faults(String errorCode, boolean retryable) {
        return meters.add(Counter.builder("certworker.issuance.faults")
                .description("Requests the issuer could not serve (5xx), by error code and whether the same request "
                        + "may succeed later")
                .tags("error_code", errorCode, "retryable", Boolean.toString(retryable)).register(meters.registry()));
    }

    @Override
    public void close() {
        lags.clear();
        newestExpiry.clear();
        meters.removeAll();
    }

    private AtomicLong newestExpiryGauge(String certificateIssuer) {
        AtomicLong value = new AtomicLong();
        meters.add(Gauge.builder("certworker.newest.certificate.expiry.timestamp", value, AtomicLong::get)
                .description("notAfter of the latest-expiring certificate issued, Unix seconds")
                .baseUnit("seconds").tag("issuer", certificateIssuer).register(meters.registry()));
        return value;
    }

    private Counter outcomes(String result, String errorCode, String issuerName) {
        return meters.add(Counter.builder("certworker.outcomes")
                .description("Requests answered, by result, error code and issuer")
                .tags("result", result, "error_code", errorCode, "issuer", issuerName)
                .register(meters.registry()));
    }

    private Timer issuanceTimer(String issuerName) {
        return meters.add(Timer.builder("certworker.issuance.duration")
                .description("From a request's handling to its certificate (validation, lookup, key, signature or "
                        + "Atlas call)")
                .tag("issuer", issuerName).serviceLevelObjectives(Meters.LATENCY_SLOS).register(meters.registry()));
    }

    private Timer endToEndTimer(String result) {
        return meters.add(Timer.builder("certworker.end.to.end.latency")
                .description("From the request record's timestamp to its outcome's commit")
                .tag("result", result).serviceLevelObjectives(Meters.LATENCY_SLOS).register(meters.registry()));
    }
}
