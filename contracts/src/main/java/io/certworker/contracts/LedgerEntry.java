package io.certworker.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigInteger;
import java.time.Instant;

/**
 * One issued certificate, as Atlas's {@code UserCert} (compacted topic {@code cert-ledger}, key
 * {@code groupId/username/serial}), plus what the worker knows of its life since. Never holds a key.
 *
 * <p>The first six fields are Atlas's and are what {@code certs list} answers with. The others are optional: a
 * revoked certificate's entry is written again, in the same transaction as its {@code cert-revoked} event, with
 * {@code revokedAt} and {@code revocationReason} set; every instance builds the project's CRL from these entries.
 *
 * @param schemaVersion version of this format
 * @param id            the certificate's serial number as a JSON number ({@code _id})
 * @param createdAt     when the certificate was created (its notBefore)
 * @param groupId       the Atlas project
 * @param notAfter      end of validity
 * @param subject       the certificate's subject, {@code CN=<username>}
 * @param issuer        what issued it, {@code internal-ca} or {@code atlas}; absent in entries written before it was
 *                      recorded (read as the worker's configured issuer)
 * @param revokedAt     when it was revoked; absent while it is not
 * @param revocationReason the RFC 5280 reason name it was revoked for; set with {@code revokedAt}
 * @param renewalOf     the serial number (decimal) of the certificate this one renews, if its request said so
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LedgerEntry(
        Integer schemaVersion,
        @JsonProperty("_id") BigInteger id,
        Instant createdAt,
        String groupId,
        Instant notAfter,
        String subject,
        String issuer,
        Instant revokedAt,
        String revocationReason,
        String renewalOf) {

    /** An entry with Atlas's fields only. */
    public LedgerEntry(Integer schemaVersion, BigInteger id, Instant createdAt, String groupId, Instant notAfter,
                       String subject) {
        this(schemaVersion, id, createdAt, groupId, notAfter, subject, null, null, null, null);
    }

    /** Whether the certificate has been revoked. */
    public boolean revoked() {
        return revokedAt != null;
    }

    /** This entry as revoked at {@code at} for {@code reason}. */
    public LedgerEntry asRevoked(Instant at, RevocationReason reason) {
        return new LedgerEntry(schemaVersion, id, createdAt, groupId, notAfter, subject, issuer, at,
                reason.wireName(), renewalOf);
    }
}
