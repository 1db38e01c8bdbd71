package io.certworker.pki;

import io.certworker.issuance.ca.IssuingCas;
import io.certworker.revocation.CertificateRecord;
import io.certworker.revocation.CertificateTable;
import io.certworker.revocation.CrlSchedule;
import io.certworker.revocation.CrlSchedule.CrlContent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Each project's CRL (X.509 v2), signed by the project's CA: what {@link CrlSchedule} says it holds, entries with
 * their reason code (none for {@code unspecified}, as RFC 5280 asks), a CRL number and the CA's key identifier. A
 * CRL is made when first asked for after a change (a revocation, a new refresh period) and kept until the next: so it
 * is re-made once per revocation batch, however often it is fetched. Every instance that has read the same ledger
 * makes the same bytes. Thread-safe.
 */
public final class ProjectCrls {
    private final CertificateTable table;
    private final IssuingCas cas;
    private final CrlSchedule schedule;
    private final Clock clock;
    private final LongConsumer buildTimes;
    private final Map<String, Made> made = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

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
        synchronized (lockOf(groupId)) {
            CertificateTable.RevokedSnapshot revoked = table.revoked(groupId);
            current = made.get(groupId);
            if (current == null || current.revision() != revoked.revision()
                    || !current.periodStart().equals(periodStart)) {
                long started = System.nanoTime();
                byte[] der = sign(ca.get(), schedule.content(revoked.certificates(), now));
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

    /** Signs a CRL of {@code content} with the project's CA. */
    static byte[] sign(IssuingCas.ProjectCa ca, CrlContent content) {
        X509CertificateHolder issuer = ca.certificate();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(issuer.getSubject(), Date.from(content.thisUpdate()));
        builder.setNextUpdate(Date.from(content.nextUpdate()));
        for (CertificateRecord entry : content.entries()) {
            // BouncyCastle leaves the reason code extension out for 0 (unspecified), as RFC 5280 asks.
            builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), entry.reason().code());
        }
        try {
            builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(issuer));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(content.number()));
            X509CRLHolder crl = builder.build(ca.signer());
            return crl.getEncoded();
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot add the CRL's extensions", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a CRL", e);
        }
    }

    private static AuthorityKeyIdentifier authorityKeyIdentifier(X509CertificateHolder issuer) {
        SubjectKeyIdentifier subjectKeyId = SubjectKeyIdentifier.fromExtensions(issuer.getExtensions());
        if (subjectKeyId != null) {
            return new AuthorityKeyIdentifier(subjectKeyId.getKeyIdentifier());
        }
        try {
            return new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.getSubjectPublicKeyInfo());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object lockOf(String groupId) {
        return locks.computeIfAbsent(groupId, id -> new Object());
    }
}
