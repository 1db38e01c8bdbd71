package io.certworker.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A request to revoke one certificate of one database user (topic {@code cert-revocations}, key
 * {@code groupId/username}, so that it shares a partition with the user's certificate requests). Atlas has no such
 * endpoint: only certificates of the worker's internal CA can be revoked.
 *
 * <p>Each request gets exactly one outcome: a {@link CertificateRevoked} on {@code cert-revoked} (also when the
 * certificate was revoked before: the original revocation is the answer), or a {@link CertificateFailed} on
 * {@code cert-failed}.
 *
 * @param schemaVersion version of this format; absent means {@link SchemaVersion#CURRENT}
 * @param requestId     the caller's id for this request, echoed on its outcome; when absent the worker derives a stable
 *                      one from the record's topic, partition and offset
 * @param groupId       the Atlas project: 24 lowercase hexadecimal characters
 * @param username      the database user the certificate belongs to
 * @param serialNumber  the certificate's serial number in decimal (Atlas's {@code _id}, the issued event's
 *                      {@code serialNumber})
 * @param reason        an RFC 5280 reason name ({@link RevocationReason}); absent means {@code unspecified}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RevocationRequest(
        Integer schemaVersion,
        String requestId,
        String groupId,
        String username,
        String serialNumber,
        String reason) {

    /** A request in the current format. */
    public static RevocationRequest of(String requestId, String groupId, String username, String serialNumber,
                                       RevocationReason reason) {
        return new RevocationRequest(SchemaVersion.CURRENT, requestId, groupId, username, serialNumber,
                reason == null ? null : reason.wireName());
    }
}
