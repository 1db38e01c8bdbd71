package io.certworker.pki;

import io.certworker.issuance.ca.IssuingCas;
import io.certworker.revocation.CertificateTable;
import io.certworker.revocation.CrlSchedule;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * Each project's CRL (X.509 v2), signed by the project's CA: what {@link CrlSchedule} says it holds, encoded by a
 * {@link CrlEncoder}. A CRL is made when first asked for after a change (a revocation, a new refresh period) and kept
 * until the next: so it is re-made once per revocation batch, however often it is fetched. Every instance that has
 * read the same ledger makes the same bytes. Thread-safe.
 */
public final class ProjectCrls {
    private final CertificateTable table;
    private final IssuingCas cas;
    private final CrlSchedule schedule;
    private final Clock clock;
    private final LongConsumer buildTimes;
    private final Map<String, Made> made = new ConcurrentHashMap<>();
    /** Per project, its encoder (entries kept encoded between CRLs), which is also the project's lock. */
    private final Map<String, CrlEncoder> encoders = new ConcurrentHashMap<>();

    /** A CRL made for one revision of a project's revoked certificates, in one refresh period. */
    private record Made(long revision, Instant periodStart, byte[] der) {
    }

    /** @param buildTimes told how long each CRL took to make, in nanoseconds */
    public ProjectCrls(CertificateTable table, IssuingCas cas, CrlSchedule schedule, Clock clock,
                       LongConsumer buildTimes) {
        this.table = table;
        this.cas = cas;
        this.schedule = schedule;
        this.clock = clock;
        this.buildTimes = buildTimes;
    }

    /** The project's current CRL (DER), or empty when the project has no CA (no certificate was ever issued). */
    public Optional<byte[]> der(String groupId) {
        Optional<IssuingCas.ProjectCa> ca = cas.find(groupId);
        if (ca.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant periodStart = schedule.periodStart(now);
        Made current = made.get(groupId);
        if (current != null && current.revision() == table.revision(groupId)
                && current.periodStart().equals(periodStart)) {
            return Optional.of(current.der());
        }
        CrlEncoder encoder = encoders.computeIfAbsent(groupId, id -> new CrlEncoder());
        synchronized (encoder) {
            CertificateTable.RevokedSnapshot revoked = table.revoked(groupId);
            current = made.get(groupId);
            if (current == null || current.revision() != revoked.revision()
                    || !current.periodStart().equals(periodStart)) {
                long started = System.nanoTime();
                byte[] der = encoder.encode(ca.get(), schedule.content(revoked.certificates(), now));
                buildTimes.accept(System.nanoTime() - started);
                current = new Made(revoked.revision(), periodStart, der);
                made.put(groupId, current);
            }
            return Optional.of(current.der());
        }
    }

    /** The project's current CRL as PEM ({@code -----BEGIN X509 CRL-----}), or empty as {@link #der}. */
    public Optional<String> pem(String groupId) {
        return der(groupId).map(ProjectCrls::pem);
    }

    /** A CRL's PEM form. */
    public static String pem(byte[] der) {
        return "-----BEGIN X509 CRL-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END X509 CRL-----\n";
    }
}
