package io.certworker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.contracts.LedgerEntry;
import io.certworker.contracts.RevocationReason;
import io.certworker.contracts.SchemaVersion;
import io.certworker.revocation.CertificateTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The lifecycle's binders against a plain registry: what they register, count, and remove when closed. */
class LifecycleMetersTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final Instant NOW = Instant.parse("2026-12-01T09:30:00Z");

    @Test
    void revocationsAreCountedByResultAndReasonAndTheMetersGoWhenClosed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LifecycleMetrics metrics = new LifecycleMetrics();
        metrics.bindTo(registry);

        metrics.revoked(RevocationReason.KEY_COMPROMISE);
        metrics.refused("CERT_NOT_FOUND");
        metrics.crlBuilt(Duration.ofMillis(12).toNanos());
        metrics.expiryWarnings(3);

        assertThat(registry.get("certworker.revocations").tag("result", "revoked")
                .tag("reason", "keyCompromise").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("certworker.revocations").tag("result", "failed")
                .tag("error_code", "CERT_NOT_FOUND").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("certworker.revocations").tag("result", "already_revoked").counter().count())
                .as("registered before the first event").isZero();
        assertThat(registry.get("certworker.crl.build.duration").timer().count()).isEqualTo(1);
        assertThat(registry.get("certworker.expiry.warnings").counter().count()).isEqualTo(3.0);

        metrics.close();

        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void expiringCertificatesAreCountedPerProjectAndWindowUntilTheProjectHasNoneLeft() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CertificateTable table = new CertificateTable("internal-ca");
        ExpiryGauges gauges = new ExpiryGauges(table, Clock.fixed(NOW, ZoneOffset.UTC));
        gauges.bindTo(registry);
        table.addListener(certificate -> gauges.track(certificate.groupId()));

        table.apply(GROUP + "/alice/1", entry(1, NOW.plus(Duration.ofDays(3))));
        table.apply(GROUP + "/alice/2", entry(2, NOW.plus(Duration.ofDays(20))));
        table.apply(GROUP + "/bob/3", entry(3, NOW.plus(Duration.ofDays(300))));

        assertThat(registry.get("certworker.certificates.expiring").tag("group_id", GROUP).tag("within", "7d")
                .gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("certworker.certificates.expiring").tag("group_id", GROUP).tag("within", "30d")
                .gauge().value()).isEqualTo(2.0);

        for (String key : new String[] {GROUP + "/alice/1", GROUP + "/alice/2", GROUP + "/bob/3"}) {
            table.apply(key, null); // tombstones: the project has no certificate left
        }
        gauges.prune();
        assertThat(registry.find("certworker.certificates.expiring").gauges()).isEmpty();

        table.apply(GROUP + "/carol/4", entry(4, NOW.plus(Duration.ofDays(5))));
        gauges.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    private static LedgerEntry entry(long serial, Instant notAfter) {
        return new LedgerEntry(SchemaVersion.CURRENT, BigInteger.valueOf(serial), NOW.minus(Duration.ofDays(30)),
                GROUP, notAfter, "CN=user", "internal-ca", null, null, null);
    }
}
