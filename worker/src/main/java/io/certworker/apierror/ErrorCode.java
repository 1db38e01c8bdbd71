package io.certworker.apierror;

import io.certworker.contracts.FieldError;
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
     * Ours, not Atlas's: the project's issuing CA, or the root above it, expires before the certificate would.
     * Permanent: the request fails the same way until it asks for fewer months or the project gets a CA chain that
     * lives longer.
     */
    ISSUING_CA_EXPIRES_TOO_SOON(500, "The CA chain of project %s expires on %s, before the requested notAfter %s: "
            + "ask for fewer months, or have an operator give the project a CA and root that live longer."),
    /**
     * Ours, not Atlas's: the CA store holds a CA for the project that the configured root did not issue. Permanent
     * until an operator configures the right root or removes that CA from the store.
     */
    PROJECT_CA_NOT_ISSUED_BY_ROOT(500, "The stored CA of project %s was not issued by the configured root CA %s: "
            + "configure the root that issued it, or remove the project's CA from the CA store."),
    /**
     * Ours, not Atlas's: the CA store's record of the project's CA cannot be read (damaged, or its key does not
     * unwrap). Permanent until an operator restores it or removes it from the store.
     */
    PROJECT_CA_UNREADABLE(500, "The stored CA of project %s cannot be read (%s): restore it, or remove it from the CA "
            + "store so that a new one is made."),
    /**
     * Ours, not Atlas's: a key the worker keeps (a project CA in Kafka) is wrapped under another key-encryption key.
     * Permanent until every instance has the same key-encryption key.
     */
    KEY_ENCRYPTION_KEY_MISMATCH(500, "The CA of project %s is wrapped under the key-encryption key %s, and this worker "
            + "has %s: give every instance the same key-encryption key."),
    /**
     * Ours, not Atlas's: the PKCS#11 token holding the CA keys cannot be used now (gone, logged out, not answering).
     * Transient: the worker looks for it again, and the same request may succeed later.
     */
    CA_KEY_TOKEN_UNAVAILABLE(500, "The PKCS#11 token holding the CA keys cannot be used now (%s); send the request "
            + "again later."),
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
    public AtlasApiError error(List<FieldError> fields, Object... parameters) {
        return new AtlasApiError(status, name(), detail(parameters), null, Arrays.asList(parameters), fields, false);
    }

    private String detail(Object... parameters) {
        return String.format(detailFormat, parameters);
    }
}
