package io.certworker.issuance;

import java.time.Instant;
import java.util.Objects;

/**
 * A validated request for one certificate: the only thing an {@link Issuer} is ever asked for.
 *
 * @param requestId             the request's id, given or derived
 * @param groupId               the Atlas project, 24 lowercase hexadecimal characters
 * @param username              the database user, a {@code MANAGED} X.509 user of the project
 * @param monthsUntilExpiration validity in calendar months, 1 to 24
 * @param csr                   a PKCS#10 CSR (PEM) whose key to certify, or null for a key pair made by the issuer
 * @param requestedAt           when the request was made (its record's timestamp), the same each time it is read;
 *                              null when unknown
 * @param renewalOf             the serial (decimal) of the user's certificate this one renews, or null; the issuer
 *                              does not need it, the outcome carries it
 */
public record CertificateOrder(String requestId, String groupId, String username, int monthsUntilExpiration,
                               String csr, Instant requestedAt, String renewalOf) {
    public CertificateOrder {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(username, "username");
        if (monthsUntilExpiration < 1 || monthsUntilExpiration > 24) {
            throw new IllegalArgumentException("monthsUntilExpiration must be 1 to 24, was " + monthsUntilExpiration);
        }
    }

    /** An order that renews nothing. */
    public CertificateOrder(String requestId, String groupId, String username, int monthsUntilExpiration,
                            String csr, Instant requestedAt) {
        this(requestId, groupId, username, monthsUntilExpiration, csr, requestedAt, null);
    }

    /** An order for a key pair made by the issuer, of unknown request time. */
    public CertificateOrder(String requestId, String groupId, String username, int monthsUntilExpiration) {
        this(requestId, groupId, username, monthsUntilExpiration, null, null);
    }

    /** An order of unknown request time that renews nothing. */
    public CertificateOrder(String requestId, String groupId, String username, int monthsUntilExpiration,
                            String csr) {
        this(requestId, groupId, username, monthsUntilExpiration, csr, null);
    }
}
