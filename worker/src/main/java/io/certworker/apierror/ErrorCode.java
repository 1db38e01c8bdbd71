package io.certworker.apierror;

import java.util.Arrays;
import java.util.List;

/**
 * The Atlas error codes the worker itself answers with, each with Atlas's HTTP status and detail text (from Atlas's
 * Administration API error-code reference; {@code %s} is filled from the parameters).
 */
public enum ErrorCode {
    INVALID_GROUP_ID(404, "An invalid group ID %s was specified."),
    GROUP_NOT_FOUND(404, "No group with ID %s exists."),
    USERNAME_NOT_FOUND(404, "No user with username %s exists."),
    USER_NOT_MANAGED_X509(400, "The user does not have managed mode X509 enabled."),
    CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS(400, "Atlas-generated X.509 certificates have a maximum expiration of 24 months."),
    CANNOT_GENERATE_CERT_IF_ADVANCED_X509(400, "The user cannot create managed X.509 certs if advanced mode is on."),
    ATLAS_GENERATED_CERTS_LIMIT_EXCEEDED(400, "The limit on generated certificates per user has been reached."),
    MISSING_ATTRIBUTE(400, "The required attribute %s was not specified."),
    INVALID_ATTRIBUTE(400, "Invalid attribute %s specified."),
    VALIDATION_ERROR(400, "The request content produced the validation error: %s."),
    INVALID_QUERY_PARAMETER(400, "Invalid query parameter %s specified."),
    ATLAS_INVALID_LDAP_NAME(400, "The distinguished name specified in the username field, %s, is not valid according to RFC 2253."),
    UNEXPECTED_ERROR(500, "Unexpected error."),
    /** Ours, not Atlas's (Atlas has no revocation): a revocation names a serial the user has no certificate with. */
    CERT_NOT_FOUND(404, "No certificate with serial number %s exists for user %s."),
    /** Ours, not Atlas's: a revocation names a certificate issued through Atlas, which cannot revoke. */
    CANNOT_REVOKE_ATLAS_CERT(400, "Atlas has no revocation: the certificate with serial number %s was issued through "
            + "Atlas and stays valid until it expires. Delete the database user, or set its x509Type to NONE, to stop "
            + "its logins."),
    /** Ours, not Atlas's: a revocation names a certificate that has expired already. */
    CERT_ALREADY_EXPIRED(400, "The certificate with serial number %s expired at %s; an expired certificate needs no "
            + "revocation."),
    /** Ours, not Atlas's: Atlas could not be reached (connection refused or reset, DNS, TLS). */
    UPSTREAM_UNREACHABLE(503, "Could not reach Atlas at %s: %s."),
    /** Ours, not Atlas's: Atlas did not answer in time. */
    UPSTREAM_TIMEOUT(504, "Atlas did not answer within %s."),
    /** Ours, not Atlas's: Atlas answered something that is neither a certificate nor an Atlas error. */
    UPSTREAM_INVALID_RESPONSE(502, "Atlas answered HTTP %s with a body that is not an Atlas error (%s)."),
    /**
     * Ours, not Atlas's: a worker stopped while it was asking Atlas for this request's certificate. Atlas may have
     * minted one whose key is lost; asking again could mint a second, so the request is not sent again.
     */
    ISSUANCE_INTERRUPTED(500, "The worker stopped while asking Atlas for this certificate; Atlas may have minted one "
            + "that can no longer be delivered. Send a new request, with a new requestId, to get one.");

    private final int status;
    private final String detailFormat;

    ErrorCode(int status, String detailFormat) {
        this.status = status;
        this.detailFormat = detailFormat;
    }

    public int status() {
        return status;
    }

    /** This code as a non-retryable error about the request as a whole, its detail filled from {@code parameters}. */
    public AtlasApiError error(Object... parameters) {
        return error(List.of(), parameters);
    }

    /** This code as a non-retryable error naming the offending fields. */
    public AtlasApiError error(List<FieldViolation> fields, Object... parameters) {
        return new AtlasApiError(status, name(), detail(parameters), null, Arrays.asList(parameters), fields, false);
    }

    private String detail(Object... parameters) {
        return String.format(detailFormat, parameters);
    }
}
