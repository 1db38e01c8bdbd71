package io.certworker.issuance;

import java.util.Objects;

/**
 * A validated request for one certificate: the only thing an {@link Issuer} is ever asked for.
 *
 * @param requestId             the request's id, given or derived
 * @param groupId               the Atlas project, 24 lowercase hexadecimal characters
 * @param username              the database user, a {@code MANAGED} X.509 user of the project
 * @param monthsUntilExpiration validity in calendar months, 1 to 24
 */
public record CertificateOrder(String requestId, String groupId, String username, int monthsUntilExpiration) {
    public CertificateOrder {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(username, "username");
        if (monthsUntilExpiration < 1 || monthsUntilExpiration > 24) {
            throw new IllegalArgumentException("monthsUntilExpiration must be 1 to 24, was " + monthsUntilExpiration);
        }
    }
}
