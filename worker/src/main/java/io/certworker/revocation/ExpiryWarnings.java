package io.certworker.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a certificate's expiry warning is due: {@code warning} before its notAfter, or at two thirds of its lifetime
 * when that comes later (a certificate living less than three times the warning), as cert-manager renews. Revoked
 * and expired certificates get none.
 *
 * @param warning how long before notAfter the warning is due ({@code expiry.warning.days})
 */
public record ExpiryWarnings(Duration warning) {
    public ExpiryWarnings {
        Objects.requireNonNull(warning, "warning");
    }

    /** When the certificate's warning is due. */
    public Instant dueAt(CertificateRecord certificate) {
        Instant before = certificate.notAfter().minus(warning);
        if (certificate.createdAt() == null) {
            return before;
        }
        Duration lifetime = Duration.between(certificate.createdAt(), certificate.notAfter());
        Instant twoThirds = certificate.createdAt().plus(lifetime.multipliedBy(2).dividedBy(3));
        return twoThirds.isAfter(before) ? twoThirds : before;
    }

    /** Whether the certificate should be warned of at {@code now}. */
    public boolean due(CertificateRecord certificate, Instant now) {
        return !certificate.revoked() && !certificate.expiredAt(now) && !now.isBefore(dueAt(certificate));
    }

    /** Whole days from {@code now} to the certificate's notAfter, rounded down. */
    public static int daysLeft(CertificateRecord certificate, Instant now) {
        return (int) Math.max(0, Duration.between(now, certificate.notAfter()).toDays());
    }
}
