package io.certworker.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A request for one managed X.509 certificate for one database user (topic {@code cert-requests}, key
 * {@code groupId/username}). The event form of Atlas's
 * {@code POST /api/atlas/v2/groups/{groupId}/databaseUsers/{username}/certs}.
 *
 * @param schemaVersion         version of this format; absent means {@link SchemaVersion#CURRENT}
 * @param requestId             the caller's id for this request, echoed on its outcome; when absent the worker derives
 *                              a stable one from the record's topic, partition and offset
 * @param groupId               the Atlas project: 24 lowercase hexadecimal characters
 * @param username              the database user the certificate is for; it becomes the subject {@code CN}
 * @param monthsUntilExpiration validity in calendar months, 1 to 24; absent means 3
 * @param csr                   optional PKCS#10 certificate signing request (PEM) whose key the certificate is for;
 *                              its subject must be empty or exactly {@code CN=<username>}. With a CSR the issued
 *                              {@code pem} holds the certificate alone: the private key never travels.
 * @param renewalOf             optional serial number (decimal) of the user's certificate this one renews; the issued
 *                              event carries it, and with {@code revoke.superseded.after} set the worker revokes that
 *                              certificate (reason {@code superseded}) once that grace period has passed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CertificateRequest(
        Integer schemaVersion,
        String requestId,
        String groupId,
        String username,
        Integer monthsUntilExpiration,
        String csr,
        String renewalOf) {

    /** Atlas's default validity when {@code monthsUntilExpiration} is absent. */
    public static final int DEFAULT_MONTHS_UNTIL_EXPIRATION = 3;

    /** A request without {@code renewalOf}, as before renewals existed. */
    public CertificateRequest(Integer schemaVersion, String requestId, String groupId, String username,
                              Integer monthsUntilExpiration, String csr) {
        this(schemaVersion, requestId, groupId, username, monthsUntilExpiration, csr, null);
    }

    /** A request in the current format. */
    public static CertificateRequest of(String requestId, String groupId, String username,
                                        Integer monthsUntilExpiration) {
        return new CertificateRequest(SchemaVersion.CURRENT, requestId, groupId, username, monthsUntilExpiration, null);
    }

    /** A request in the current format for the key of a PKCS#10 CSR (PEM). */
    public static CertificateRequest withCsr(String requestId, String groupId, String username,
                                             Integer monthsUntilExpiration, String csr) {
        return new CertificateRequest(SchemaVersion.CURRENT, requestId, groupId, username, monthsUntilExpiration, csr);
    }

    /** A request in the current format for a certificate that renews the user's certificate {@code renewalOf}. */
    public static CertificateRequest renewing(String requestId, String groupId, String username,
                                              Integer monthsUntilExpiration, String renewalOf) {
        return new CertificateRequest(SchemaVersion.CURRENT, requestId, groupId, username, monthsUntilExpiration, null,
                renewalOf);
    }
}
