package io.certworker.contracts;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/** Realistic events, one or more of each type, as a producer would build them in Java. */
final class Fixtures {
    static final String GROUP_ID = "5efda6aea3f2ed2e7dd6ce05";
    static final String USERNAME = "alice";
    static final String REQUEST_ID = "9f1c2b7e-4a53-4c1e-9d0a-2f6b8e1d7c35";
    static final BigInteger SERIAL = new BigInteger("3057694138473201217");
    static final Instant NOT_BEFORE = Instant.parse("2026-11-22T16:20:26Z");
    static final Instant NOT_AFTER = Instant.parse("2027-02-22T17:20:26Z");

    /** Not a real certificate: the schemas only look at how it starts. The example file holds a real one. */
    static final String PEM = """
            -----BEGIN CERTIFICATE-----
            MIIByTCCAW+gAwIBAgIIKm8cnlt9PkEwCgYIKoZIzj0EAwIwSzEUMBIGA1UECgwL
            -----END CERTIFICATE-----
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgJWdiBzNHCwhQQheU
            -----END PRIVATE KEY-----
            """;
    static final String CA_PEM = """
            -----BEGIN CERTIFICATE-----
            MIIB7DCCAZGgAwIBAgIBATAKBggqhkjOPQQDAjBLMRQwEgYDVQQKDAtjZXJ0LXdv
            -----END CERTIFICATE-----
            """;

    private Fixtures() {
    }

    static CertificateRequest request() {
        return CertificateRequest.of(REQUEST_ID, GROUP_ID, USERNAME, 3);
    }

    /** Only what a request must carry: no requestId, no validity, no schemaVersion. */
    static CertificateRequest minimalRequest() {
        return new CertificateRequest(null, null, GROUP_ID, USERNAME, null, null);
    }

    static CertificateIssued issued() {
        return new CertificateIssued(SchemaVersion.CURRENT, REQUEST_ID, GROUP_ID, USERNAME, SERIAL.toString(),
                "CN=" + USERNAME, NOT_BEFORE, NOT_AFTER, NOT_BEFORE, "internal-ca", PEM, CA_PEM);
    }

    /** Issued through Atlas, which does not tell its CA. */
    static CertificateIssued issuedByAtlas() {
        return new CertificateIssued(SchemaVersion.CURRENT, "cert-requests-3-1042", GROUP_ID, USERNAME,
                "1976722359483124370", "CN=" + USERNAME, NOT_BEFORE, NOT_AFTER, NOT_BEFORE, "atlas", PEM, null);
    }

    static CertificateFailed userNotManaged() {
        return new CertificateFailed(SchemaVersion.CURRENT, REQUEST_ID, GROUP_ID, USERNAME, 400,
                "USER_NOT_MANAGED_X509", "The user does not have managed mode X509 enabled.", "Bad Request",
                List.of(), null, false);
    }

    static CertificateFailed groupNotFound() {
        return new CertificateFailed(SchemaVersion.CURRENT, REQUEST_ID, "111111111111111111111111", USERNAME, 404,
                "GROUP_NOT_FOUND", "No group with ID 111111111111111111111111 exists.", "Not Found",
                List.of("111111111111111111111111"), null, false);
    }

    static CertificateFailed validationError() {
        return new CertificateFailed(SchemaVersion.CURRENT, "cert-requests-0-17", "5EFDA6AEA3F2ED2E7DD6CE0", null,
                400, "VALIDATION_ERROR", "The request is not valid: 2 fields are wrong.", "Bad Request", List.of(),
                new BadRequestDetail(List.of(
                        new FieldError("groupId", "must be 24 lowercase hexadecimal characters"),
                        new FieldError("username", "is required"))),
                false);
    }

    static CertificateFailed rateLimited() {
        return new CertificateFailed(SchemaVersion.CURRENT, REQUEST_ID, GROUP_ID, USERNAME, 429,
                "RATE_LIMITED_TOKEN_BUCKET", "Rate limit exceeded. Please retry after 17 seconds.",
                "Too Many Requests", List.of(17, GROUP_ID), null, true);
    }

    static DatabaseUser managedUser() {
        return DatabaseUser.of(GROUP_ID, USERNAME, DatabaseUser.EXTERNAL_DATABASE, X509Type.MANAGED);
    }

    static DatabaseUser customerUser() {
        return DatabaseUser.of(GROUP_ID, "CN=bob,OU=payments,O=Example Corp", DatabaseUser.EXTERNAL_DATABASE,
                X509Type.CUSTOMER);
    }

    static DatabaseUser passwordUser() {
        return new DatabaseUser(SchemaVersion.CURRENT, GROUP_ID, "carol", "admin", null);
    }

    static LedgerEntry ledgerEntry() {
        return new LedgerEntry(SchemaVersion.CURRENT, SERIAL, NOT_BEFORE, GROUP_ID, NOT_AFTER, "CN=" + USERNAME);
    }

    /** A project that uses its own CA (self-managed X.509): managed certificates are refused. */
    static UserSecurity customerCa() {
        return UserSecurity.of(GROUP_ID, new UserSecurity.CustomerX509(CA_PEM));
    }

    /** A project without a CA of its own: the record form of Atlas's DELETE .../userSecurity/customerX509. */
    static UserSecurity customerCaCleared() {
        return UserSecurity.of(GROUP_ID, null);
    }

    /** The worker's memory of a request answered with a certificate. */
    static RequestState answeredState() {
        return RequestState.answered("9f1c2b7e-4a53-4c1e-9d0a-2f6b8e1d7c35", GROUP_ID, USERNAME, SERIAL.toString(),
                "internal-ca", NOT_BEFORE.plusSeconds(3600));
    }

    /** The worker's draft of a certificate being minted. */
    static RequestState mintingState() {
        return RequestState.minting("9f1c2b7e-4a53-4c1e-9d0a-2f6b8e1d7c35", GROUP_ID, USERNAME, "internal-ca", NOT_BEFORE.plusSeconds(3600),
                "AAAADGNlcnQtd29ya2Vy", "4f2a9c1d");
    }

    static final Instant REVOKED_AT = Instant.parse("2026-12-01T09:30:00Z");
    static final String REVOCATION_ID = "4b7e2f0c-8d1a-4c3e-9f5b-6a2d0e1c7b94";

    /** A request for a certificate that renews {@link #SERIAL}. */
    static CertificateRequest renewal() {
        return CertificateRequest.renewing(REQUEST_ID, GROUP_ID, USERNAME, 3, SERIAL.toString());
    }

    /** The certificate that renews {@link #SERIAL}. */
    static CertificateIssued renewalIssued() {
        return new CertificateIssued(SchemaVersion.CURRENT, REQUEST_ID, GROUP_ID, USERNAME, "1976722359483124370",
                "CN=" + USERNAME, NOT_BEFORE, NOT_AFTER, NOT_BEFORE, "internal-ca", PEM, CA_PEM, SERIAL.toString());
    }

    static LedgerEntry revokedLedgerEntry() {
        return new LedgerEntry(SchemaVersion.CURRENT, SERIAL, NOT_BEFORE, GROUP_ID, NOT_AFTER, "CN=" + USERNAME,
                "internal-ca", null, null, null).asRevoked(REVOKED_AT, RevocationReason.KEY_COMPROMISE);
    }

    static RevocationRequest revocation() {
        return RevocationRequest.of(REVOCATION_ID, GROUP_ID, USERNAME, SERIAL.toString(), RevocationReason.KEY_COMPROMISE);
    }

    /** Only what a revocation must carry: the reason defaults to unspecified. */
    static RevocationRequest minimalRevocation() {
        return new RevocationRequest(null, null, GROUP_ID, USERNAME, SERIAL.toString(), null);
    }

    static CertificateRevoked revoked() {
        return new CertificateRevoked(SchemaVersion.CURRENT, REVOCATION_ID, GROUP_ID, USERNAME, SERIAL.toString(),
                RevocationReason.KEY_COMPROMISE.wireName(), REVOKED_AT);
    }

    static CertificateExpiring expiring() {
        return new CertificateExpiring(SchemaVersion.CURRENT, GROUP_ID, USERNAME, SERIAL.toString(), NOT_AFTER, 30,
                "internal-ca");
    }

    /** Every fixture above, to run one check over all of them. */
    static List<Object> all() {
        return List.of(request(), minimalRequest(), issued(), issuedByAtlas(), userNotManaged(), groupNotFound(),
                validationError(), rateLimited(), managedUser(), customerUser(), passwordUser(), ledgerEntry(),
                customerCa(), customerCaCleared(), answeredState(), mintingState(), renewal(), renewalIssued(),
                revokedLedgerEntry(), revocation(), minimalRevocation(), revoked(), expiring());
    }
}
