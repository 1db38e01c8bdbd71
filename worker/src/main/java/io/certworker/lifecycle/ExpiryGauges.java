package io.certworker.lifecycle;

import io.certworker.revocation.CertificateRecord;
import io.certworker.revocation.CertificateTable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gauges of the certificates about to expire, per project: {@code certworker_certificates_expiring{group_id,
 * within="7d"|"30d"}}, unexpired and unrevoked certificates whose notAfter is within that time. Every instance counts
 * the whole ledger, so every instance shows the same values (take the max across instances, not the sum).
 *
 * <p>Cardinality: two series per project that has certificates in the ledger, removed when it has none left. Counted
 * when scraped, from the certificate table. Closing it removes them all.
 */
public final class ExpiryGauges implements MeterBinder, AutoCloseable {
    static final Map<String, Duration> WINDOWS = Map.of("7d", Duration.ofDays(7), "30d", Duration.ofDays(30));

    private final CertificateTable table;
    private final Clock clock;
    private final Map<String, List<Gauge>> byGroup = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    public ExpiryGauges(CertificateTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry to) {
        this.registry = to;
    }

    /** Makes sure the project has its gauges (called as certificates are taken in); none before it is bound. */
    public void track(String groupId) {
        MeterRegistry registry = this.registry;
        if (registry == null) {
            return;
        }
        byGroup.computeIfAbsent(groupId, group -> WINDOWS.entrySet().stream()
                .map(window -> Gauge.builder("certworker.certificates.expiring",
                                () -> count(group, window.getValue()))
                        .description("Unexpired, unrevoked certificates whose notAfter is within the window")
                        .tag("group_id", group).tag("within", window.getKey())
                        .register(registry))
                .toList());
    }

    /** Removes the gauges of projects that have no certificate left in the ledger. */
    public void prune() {
        byGroup.forEach((group, gauges) -> {
            if (!table.knowsGroup(group) && byGroup.remove(group, gauges)) {
                gauges.forEach(registry::remove);
            }
        });
    }

    @Override
    public void close() {
        byGroup.forEach((group, gauges) -> {
            if (byGroup.remove(group, gauges)) {
                gauges.forEach(registry::remove);
            }
        });
    }

    long count(String groupId, Duration window) {
        Instant now = clock.instant();
        Instant until = now.plus(window);
        long count = 0;
        for (CertificateRecord certificate : table.certificates(groupId)) {
            if (!certificate.revoked() && certificate.notAfter().isAfter(now)
                    && !certificate.notAfter().isAfter(until)) {
                count++;
            }
        }
        return count;
    }
}
