package io.certworker.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigInteger;
import java.time.Instant;

/**
 * One issued certificate, as Atlas's {@code UserCert} (compacted topic {@code cert-ledger}, key
 * {@code groupId/username/serial}). Never holds a key.
 *
 * @param schemaVersion version of this format
 * @param id            the certificate's serial number as a JSON number ({@code _id})
 * @param createdAt     when the certificate was created (its notBefore)
 * @param groupId       the Atlas project
 * @param notAfter      end of validity
 * @param subject       the certificate's subject, {@code CN=<username>}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LedgerEntry(
        Integer schemaVersion,
        @JsonProperty("_id") BigInteger id,
        Instant createdAt,
        String groupId,
        Instant notAfter,
        String subject) {
}
