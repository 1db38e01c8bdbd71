package io.certworker.revocation;

import static io.certworker.revocation.Certificates.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExpiryWarningsTest {
    final ExpiryWarnings warnings = new ExpiryWarnings(Duration.ofDays(30));

    @Test
    void aLongLivedCertificateIsWarnedOfThirtyDaysBeforeItExpires() {
        CertificateRecord year = Certificates.issued(1, NOW, Duration.ofDays(365));

        assertThat(warnings.dueAt(year)).isEqualTo(year.notAfter().minus(Duration.ofDays(30)));
        assertThat(warnings.due(year, year.notAfter().minus(Duration.ofDays(31)))).isFalse();
        assertThat(warnings.due(year, year.notAfter().minus(Duration.ofDays(30)))).isTrue();
        assertThat(ExpiryWarnings.daysLeft(year, year.notAfter().minus(Duration.ofDays(30)))).isEqualTo(30);
    }

    @Test
    void aShortLivedCertificateIsWarnedOfAtTwoThirdsOfItsLifetime() {
        CertificateRecord month = Certificates.issued(2, NOW, Duration.ofDays(30));

        assertThat(warnings.dueAt(month)).isEqualTo(NOW.plus(Duration.ofDays(20)));
        assertThat(ExpiryWarnings.daysLeft(month, warnings.dueAt(month))).isEqualTo(10);
    }

    @Test
    void revokedAndExpiredCertificatesAreNotWarnedOf() {
        CertificateRecord month = Certificates.issued(3, NOW, Duration.ofDays(30));

        assertThat(warnings.due(month.revoke(NOW, io.certworker.contracts.RevocationReason.UNSPECIFIED),
                NOW.plus(Duration.ofDays(25)))).isFalse();
        assertThat(warnings.due(month, NOW.plus(Duration.ofDays(31)))).isFalse();
    }
}
