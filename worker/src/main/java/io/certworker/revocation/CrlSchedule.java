package io.certworker.revocation;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * When a project's CRL is made and what it says, as a function of its revoked certificates and of the time only, so
 * that every worker instance that has read the same ledger makes the very same CRL (the CA's signatures are
 * deterministic too).
 *
 * <ul>
 *   <li>Time is cut into refresh periods on fixed boundaries (multiples of {@link #refresh()} since the epoch, a day
 *       by default): a new CRL is made at the start of each, so {@code nextUpdate} is always far ahead.
 *   <li>{@code thisUpdate} is the later of the period's start and the newest listed revocation: a revocation makes
 *       a new CRL at once, and the same one on every instance.
 *   <li>The CRL number is {@code thisUpdate} in seconds times 2<sup>32</sup> plus the number of entries: it grows
 *       with every revocation, also with several in the same second, and with every period.
 *   <li>A revoked certificate is listed until one whole period after the one it expired in, so it appears on at least
 *       one regular CRL issued after its expiry (RFC 5280, 3.3); the ledger keeps its entry longer than that
 *       ({@link #ledgerRetention()}), so what is listed never depends on when an instance swept the ledger.
 * </ul>
 *
 * @param validity from {@code thisUpdate} to {@code nextUpdate}
 * @param refresh  the length of a refresh period; at most a quarter of the validity
 */
public record CrlSchedule(Duration validity, Duration refresh) {
    static final Duration LONGEST_REFRESH = Duration.ofDays(1);
    private static final Duration SWEEP_MARGIN = Duration.ofHours(1);

    public CrlSchedule {
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(refresh, "refresh");
        if (refresh.getSeconds() < 1 || refresh.multipliedBy(4).compareTo(validity) > 0) {
            throw new IllegalArgumentException("the refresh period must be at least a second and at most a quarter "
                    + "of the validity " + validity + ", was " + refresh);
        }
    }

    /** The schedule of a validity: periods of a day, or of a quarter of a validity shorter than four days. */
    public static CrlSchedule of(Duration validity) {
        Duration quarter = Duration.ofSeconds(Math.max(1, validity.getSeconds() / 4));
        return new CrlSchedule(validity, Collections.min(List.of(LONGEST_REFRESH, quarter)));
    }

    /** The start of the refresh period {@code now} is in. */
    public Instant periodStart(Instant now) {
        long period = refresh.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), period) * period);
    }

    /** The next refresh boundary after {@code now}: when a new CRL is due even without a revocation. */
    public Instant nextPeriodStart(Instant now) {
        return periodStart(now).plus(refresh);
    }

    /** How long after its notAfter a certificate's ledger entry must be kept, so that CRLs never lose it early. */
    public Duration ledgerRetention() {
        return refresh.multipliedBy(2).plus(SWEEP_MARGIN);
    }

    /**
     * What the CRL says at {@code now}.
     *
     * @param revoked the project's revoked certificates, in serial order
     */
    public CrlContent content(List<CertificateRecord> revoked, Instant now) {
        Instant periodStart = periodStart(now);
        Instant horizon = periodStart.minus(refresh);
        List<CertificateRecord> listed = revoked.stream()
                .filter(certificate -> certificate.notAfter().isAfter(horizon))
                .toList();
        Instant thisUpdate = periodStart;
        for (CertificateRecord certificate : listed) {
            Instant revokedAt = Instant.ofEpochSecond(certificate.revokedAt().getEpochSecond());
            if (revokedAt.isAfter(thisUpdate)) {
                thisUpdate = revokedAt;
            }
        }
        BigInteger number = BigInteger.valueOf(thisUpdate.getEpochSecond()).shiftLeft(32)
                .add(BigInteger.valueOf(listed.size()));
        return new CrlContent(thisUpdate, thisUpdate.plus(validity), number, listed);
    }

    /**
     * A CRL's content.
     *
     * @param thisUpdate when it was issued
     * @param nextUpdate by when the next one is issued
     * @param number     its CRL number
     * @param entries    the revoked certificates it lists, in serial order
     */
    public record CrlContent(Instant thisUpdate, Instant nextUpdate, BigInteger number,
                             List<CertificateRecord> entries) {
        public CrlContent {
            entries = List.copyOf(entries);
        }
    }
}
