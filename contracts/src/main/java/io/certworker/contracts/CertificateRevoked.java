package io.certworker.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A certificate is revoked (topic {@code cert-revoked}, key {@code groupId/username}): the answer to one
 * {@link RevocationRequest}. A request for a certificate that was already revoked gets the original revocation's
 * {@code reason} and {@code revokedAt}. From the moment this event is published, the project's CRL lists the
 * certificate and the OCSP responder answers {@code revoked} for it.
 *
 * @param schemaVersion version of this format
 * @param requestId     the revocation request's id (given or derived)
 * @param groupId       the Atlas project
 * @param username      the database user
 * @param serialNumber  the certificate's serial number, decimal
 * @param reason        the RFC 5280 reason name the certificate was revoked for
 * @param revokedAt     when it was revoked (whole seconds, as the CRL says)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CertificateRevoked(
        Integer schemaVersion,
        String requestId,
        String groupId,
        String username,
        String serialNumber,
        String reason,
        Instant revokedAt) {
}
