package io.certworker.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A certificate will expire soon (topic {@code cert-expiring}, key {@code groupId/username}): published once per
 * certificate, {@code expiry.warning.days} before its notAfter, or at two thirds of a shorter lifetime. A signal to
 * renew it: send a request with {@code renewalOf} set to this {@code serialNumber}.
 *
 * @param schemaVersion version of this format
 * @param groupId       the Atlas project
 * @param username      the database user
 * @param serialNumber  the certificate's serial number, decimal
 * @param notAfter      end of the certificate's validity
 * @param daysLeft      whole days from the warning to notAfter
 * @param issuer        what issued it: {@code internal-ca} or {@code atlas}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CertificateExpiring(
        Integer schemaVersion,
        String groupId,
        String username,
        String serialNumber,
        Instant notAfter,
        Integer daysLeft,
        String issuer) {
}
