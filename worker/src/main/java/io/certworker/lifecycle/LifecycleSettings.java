package io.certworker.lifecycle;

import io.certworker.revocation.CrlSchedule;
import io.certworker.revocation.ExpiryWarnings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the worker looks after certificates once they are issued.
 *
 * @param topics                the lifecycle topics
 * @param revokeOnUserDelete    revoke a user's certificates when it is deleted or stops being MANAGED
 * @param revokeSupersededAfter revoke a renewed certificate this long after its renewal was issued; empty: never
 * @param crl                   when CRLs are made and how long they are valid
 * @param crlBaseUrl            base URL written into certificates as their CRL distribution point; empty: none
 * @param ocspBaseUrl           base URL written into certificates as their OCSP responder; empty: none
 * @param expiryWarnings        when a certificate's expiry warning is due
 * @param checkInterval         how often expiry warnings, superseded and removed users' certificates are looked for
 */
public record LifecycleSettings(LifecycleTopics topics, boolean revokeOnUserDelete,
                                Optional<Duration> revokeSupersededAfter, CrlSchedule crl, String crlBaseUrl,
                                String ocspBaseUrl, ExpiryWarnings expiryWarnings, Duration checkInterval) {
    public LifecycleSettings {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(revokeSupersededAfter, "revokeSupersededAfter");
        Objects.requireNonNull(crl, "crl");
        Objects.requireNonNull(crlBaseUrl, "crlBaseUrl");
        Objects.requireNonNull(ocspBaseUrl, "ocspBaseUrl");
        Objects.requireNonNull(expiryWarnings, "expiryWarnings");
        Objects.requireNonNull(checkInterval, "checkInterval");
    }

    /** The defaults, for tools and tests. */
    public static LifecycleSettings defaults() {
        return new LifecycleSettings(LifecycleTopics.defaults(), true, Optional.empty(),
                CrlSchedule.of(Duration.ofDays(7)), "", "", new ExpiryWarnings(Duration.ofDays(30)),
                Duration.ofMinutes(1));
    }
}
