package io.certworker.revocation;

import static io.certworker.revocation.Certificates.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certworker.revocation.CrlSchedule.CrlContent;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrlScheduleTest {
    final CrlSchedule schedule = CrlSchedule.of(Duration.ofDays(7));
    final Instant periodStart = Instant.parse("2026-11-22T00:00:00Z");

    @Test
    void aWeekLongCrlIsRemadeDailyOnMidnightBoundaries() {
        assertThat(schedule.refresh()).isEqualTo(Duration.ofDays(1));
        assertThat(schedule.periodStart(NOW)).isEqualTo(periodStart);
        assertThat(schedule.nextPeriodStart(NOW)).isEqualTo(periodStart.plus(Duration.ofDays(1)));
        assertThat(CrlSchedule.of(Duration.ofHours(2)).refresh()).isEqualTo(Duration.ofMinutes(30));
        assertThatThrownBy(() -> new CrlSchedule(Duration.ofDays(1), Duration.ofHours(12)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutRevocationsTheCrlIsEmptyAndIssuedAtThePeriodsStart() {
        CrlContent content = schedule.content(List.of(), NOW);

        assertThat(content.entries()).isEmpty();
        assertThat(content.thisUpdate()).isEqualTo(periodStart);
        assertThat(content.nextUpdate()).isEqualTo(periodStart.plus(Duration.ofDays(7)));
        assertThat(content.number()).isEqualTo(BigInteger.valueOf(periodStart.getEpochSecond()).shiftLeft(32));
        assertThat(schedule.content(List.of(), NOW.plusSeconds(3600))).isEqualTo(content);
    }

    @Test
    void aRevocationMakesANewCrlIssuedAtItsSecondTheSameWhoeverMakesItAndWhenever() {
        Instant revokedAt = NOW.minusSeconds(60);
        List<CertificateRecord> revoked = List.of(Certificates.revoked(7, revokedAt));

        CrlContent first = schedule.content(revoked, NOW);
        CrlContent later = schedule.content(revoked, NOW.plusSeconds(3 * 3600));

        assertThat(first.thisUpdate()).isEqualTo(revokedAt);
        assertThat(first.entries()).extracting(CertificateRecord::serial).containsExactly(BigInteger.valueOf(7));
        assertThat(later).isEqualTo(first);
        assertThat(first.number()).isGreaterThan(schedule.content(List.of(), NOW).number());
    }

    @Test
    void theNumberGrowsWithEveryRevocationEvenWithinOneSecondAndWithEveryPeriod() {
        List<CertificateRecord> revoked = new ArrayList<>();
        BigInteger previous = schedule.content(revoked, NOW).number();
        for (int i = 1; i <= 5; i++) {
            revoked.add(Certificates.revoked(i, NOW)); // all in the same second
            BigInteger number = schedule.content(revoked, NOW).number();
            assertThat(number).isGreaterThan(previous);
            previous = number;
        }
        // a revocation read late, decided before the newest one: still a new number
        revoked.add(0, Certificates.revoked(100, NOW.minusSeconds(3600)));
        assertThat(schedule.content(revoked, NOW).number()).isGreaterThan(previous);
        previous = schedule.content(revoked, NOW).number();
        assertThat(schedule.content(revoked, NOW.plus(Duration.ofDays(1))).number()).isGreaterThan(previous);
    }

    @Test
    void anExpiredCertificateStaysListedForOneWholePeriodAfterTheOneItExpiredInThenIsDropped() {
        CertificateRecord expiring = Certificates.issued(9, NOW.minus(Duration.ofDays(30)), Duration.ofDays(30).minusHours(1))
                .revoke(NOW.minus(Duration.ofDays(5)), io.certworker.contracts.RevocationReason.SUPERSEDED);
        assertThat(expiring.notAfter()).isBefore(NOW);

        assertThat(schedule.content(List.of(expiring), NOW).entries()).hasSize(1);
        assertThat(schedule.content(List.of(expiring), NOW.plus(Duration.ofDays(1))).entries()).hasSize(1);
        assertThat(schedule.content(List.of(expiring), NOW.plus(Duration.ofDays(2))).entries()).isEmpty();
        assertThat(schedule.ledgerRetention()).isGreaterThan(Duration.ofDays(2));
    }
}
