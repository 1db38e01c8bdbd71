package io.certworker.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A certificate was issued (topic {@code cert-issued}, key {@code groupId/username}).
 *
 * <p>{@code pem} is exactly Atlas's 201 answer: the certificate followed by its unencrypted PKCS#8 private key
 * ({@code -----BEGIN PRIVATE KEY-----}). The key exists only in this event: protect the topic accordingly.
 * {@link #toString()} leaves it out so that it cannot reach a log by accident.
 *
 * @param schemaVersion     version of this format
 * @param requestId         the request's id (given or derived)
 * @param groupId           the Atlas project
 * @param username          the database user
 * @param serialNumber      the certificate's serial number as a decimal string (Atlas lists it as {@code _id})
 * @param subject           the certificate's subject as an RFC 4514 string, always {@code CN=<username>}
 * @param notBefore         start of validity: one hour before the request was handled
 * @param notAfter          end of validity: {@code monthsUntilExpiration} calendar months after the request was handled
 * @param createdAt         when Atlas considers the certificate created, which is {@code notBefore}
 * @param issuer            what issued it: {@code internal-ca} or {@code atlas}
 * @param pem               certificate then PKCS#8 private key, PEM (the certificate alone for a request with a CSR)
 * @param caCertificatePem  the issuing CA certificate then the root, PEM, where known
 * @param renewalOf         the serial number of the certificate this one renews, when the request said so
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CertificateIssued(
        Integer schemaVersion,
        String requestId,
        String groupId,
        String username,
        String serialNumber,
        String subject,
        Instant notBefore,
        Instant notAfter,
        Instant createdAt,
        String issuer,
        String pem,
        String caCertificatePem,
        String renewalOf) {

    /** An issued event that renews nothing. */
    public CertificateIssued(Integer schemaVersion, String requestId, String groupId, String username,
                             String serialNumber, String subject, Instant notBefore, Instant notAfter,
                             Instant createdAt, String issuer, String pem, String caCertificatePem) {
        this(schemaVersion, requestId, groupId, username, serialNumber, subject, notBefore, notAfter, createdAt, issuer,
                pem, caCertificatePem, null);
    }

    @Override
    public String toString() {
        return "CertificateIssued[requestId=" + requestId + ", groupId=" + groupId + ", username=" + username
                + ", serialNumber=" + serialNumber + ", subject=" + subject + ", notBefore=" + notBefore
                + ", notAfter=" + notAfter + ", issuer=" + issuer + ", renewalOf=" + renewalOf + ", pem=(redacted)]";
    }
}
