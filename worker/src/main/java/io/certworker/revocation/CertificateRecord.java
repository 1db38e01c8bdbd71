package io.certworker.revocation;

import io.certworker.contracts.LedgerEntry;
import io.certworker.contracts.RevocationReason;
import io.certworker.contracts.SchemaVersion;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * One certificate as the ledger knows it.
 *
 * @param groupId   the project
 * @param username  the user it was issued to
 * @param serial    its serial number
 * @param createdAt its notBefore
 * @param notAfter  end of validity
 * @param subject   its subject, {@code CN=<username>}
 * @param issuer    what issued it ({@code internal-ca}, {@code atlas})
 * @param revokedAt when it was revoked, or null
 * @param reason    why it was revoked, or null
 * @param renewalOf the serial (decimal) of the certificate it renews, or null
 */
public record CertificateRecord(String groupId, String username, BigInteger serial, Instant createdAt,
                                Instant notAfter, String subject, String issuer, Instant revokedAt,
                                RevocationReason reason, String renewalOf) {
    /** The issuer name of the worker's own CA. */
    public static final String INTERNAL_CA = "internal-ca";

    public CertificateRecord {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(issuer, "issuer");
        if ((revokedAt == null) != (reason == null)) {
            throw new IllegalArgumentException("revokedAt and reason go together");
        }
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean issuedByInternalCa() {
        return INTERNAL_CA.equals(issuer);
    }

    public boolean expiredAt(Instant instant) {
        return !notAfter.isAfter(instant);
    }

    /** The key of its ledger entry, {@code groupId/username/serial}. */
    public String ledgerKey() {
        return LedgerKeys.of(groupId, username, serial);
    }

    /** The key of its user, {@code groupId/username}. */
    public String userKey() {
        return groupId + "/" + username;
    }

    /** This certificate, revoked. */
    public CertificateRecord revoke(Instant at, RevocationReason why) {
        return new CertificateRecord(groupId, username, serial, createdAt, notAfter, subject, issuer, at, why,
                renewalOf);
    }

    /** Its ledger entry. */
    public LedgerEntry toLedgerEntry() {
        return new LedgerEntry(SchemaVersion.CURRENT, serial, createdAt, groupId, notAfter, subject, issuer, revokedAt,
                reason == null ? null : reason.wireName(), renewalOf);
    }

    /**
     * The certificate of a ledger entry, or null when the entry lacks what a certificate must have.
     *
     * @param defaultIssuer taken when the entry does not say (entries written before the issuer was recorded)
     */
    public static CertificateRecord of(String ledgerKey, LedgerEntry entry, String defaultIssuer) {
        LedgerKeys.Parsed key = LedgerKeys.parse(ledgerKey);
        if (key == null || entry.notAfter() == null) {
            return null;
        }
        RevocationReason reason = entry.revokedAt() == null ? null
                : RevocationReason.ofWireName(entry.revocationReason()).orElse(RevocationReason.UNSPECIFIED);
        return new CertificateRecord(key.groupId(), key.username(), key.serial(), entry.createdAt(), entry.notAfter(),
                entry.subject(), entry.issuer() == null ? defaultIssuer : entry.issuer(), entry.revokedAt(), reason,
                entry.renewalOf());
    }
}
