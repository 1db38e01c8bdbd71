package io.certworker.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validator bites: each case starts from a valid example file, breaks one thing, and expects the schema to
 * refuse it with an error about that thing.
 */
class SchemasRejectInvalidDocumentsTest {

    static Stream<Arguments> brokenDocuments() {
        return Stream.of(
                broken("a request with a groupId of 23 characters", "certificate-request.json", Schemas.REQUEST,
                        "groupId", doc -> doc.put("groupId", "5efda6aea3f2ed2e7dd6ce0")),
                broken("a request with an uppercase groupId", "certificate-request.json", Schemas.REQUEST,
                        "groupId", doc -> doc.put("groupId", "5EFDA6AEA3F2ED2E7DD6CE05")),
                broken("a request for 25 months", "certificate-request.json", Schemas.REQUEST,
                        "monthsUntilExpiration", doc -> doc.put("monthsUntilExpiration", 25)),
                broken("a request for 0 months", "certificate-request.json", Schemas.REQUEST,
                        "monthsUntilExpiration", doc -> doc.put("monthsUntilExpiration", 0)),
                broken("a request for 3.5 months", "certificate-request.json", Schemas.REQUEST,
                        "monthsUntilExpiration", doc -> doc.put("monthsUntilExpiration", 3.5)),
                broken("a request for \"3\" months as text", "certificate-request.json", Schemas.REQUEST,
                        "monthsUntilExpiration", doc -> doc.put("monthsUntilExpiration", "3")),
                broken("a request without username", "certificate-request.json", Schemas.REQUEST,
                        "username", doc -> doc.remove("username")),
                broken("a request without groupId", "certificate-request.json", Schemas.REQUEST,
                        "groupId", doc -> doc.remove("groupId")),
                broken("a request with an empty username", "certificate-request.json", Schemas.REQUEST,
                        "username", doc -> doc.put("username", "")),
                broken("a request with a username of 1025 characters", "certificate-request.json",
                        Schemas.REQUEST, "username", doc -> doc.put("username", "a".repeat(1025))),
                broken("a request with an empty requestId", "certificate-request.json", Schemas.REQUEST,
                        "requestId", doc -> doc.put("requestId", "")),
                broken("a request with a requestId of 256 characters", "certificate-request.json",
                        Schemas.REQUEST, "requestId", doc -> doc.put("requestId", "r".repeat(256))),
                broken("a request with schemaVersion 0", "certificate-request.json", Schemas.REQUEST,
                        "schemaVersion", doc -> doc.put("schemaVersion", 0)),

                broken("an issued event with a hexadecimal serial", "certificate-issued.json", Schemas.ISSUED,
                        "serialNumber", doc -> doc.put("serialNumber", "2A6F1C9E5B7D3E41")),
                broken("an issued event from an unknown issuer", "certificate-issued.json", Schemas.ISSUED,
                        "issuer", doc -> doc.put("issuer", "vault")),
                broken("an issued event whose pem starts with the key", "certificate-issued.json", Schemas.ISSUED,
                        "pem", doc -> doc.put("pem", "-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----\n")),
                broken("an issued event with an impossible notAfter", "certificate-issued.json", Schemas.ISSUED,
                        "notAfter", doc -> doc.put("notAfter", "2026-13-45T00:00:00Z")),
                broken("an issued event with a notBefore that is not a date-time", "certificate-issued.json",
                        Schemas.ISSUED, "notBefore", doc -> doc.put("notBefore", "yesterday")),
                broken("an issued event with createdAt as epoch seconds", "certificate-issued.json",
                        Schemas.ISSUED, "createdAt", doc -> doc.put("createdAt", 1795364426)),
                broken("an issued event without pem", "certificate-issued.json", Schemas.ISSUED,
                        "pem", doc -> doc.remove("pem")),
                broken("an issued event without schemaVersion", "certificate-issued.json", Schemas.ISSUED,
                        "schemaVersion", doc -> doc.remove("schemaVersion")),

                broken("a failed event without errorCode", "certificate-failed.json", Schemas.FAILED,
                        "errorCode", doc -> doc.remove("errorCode")),
                broken("a failed event without error", "certificate-failed.json", Schemas.FAILED,
                        "error", doc -> doc.remove("error")),
                broken("a failed event with error as text", "certificate-failed.json", Schemas.FAILED,
                        "error", doc -> doc.put("error", "400")),
                broken("a failed event with a success status", "certificate-failed.json", Schemas.FAILED,
                        "error", doc -> doc.put("error", 201)),
                broken("a failed event without retryable", "certificate-failed.json", Schemas.FAILED,
                        "retryable", doc -> doc.remove("retryable")),
                broken("a failed event without requestId", "certificate-failed.json", Schemas.FAILED,
                        "requestId", doc -> doc.remove("requestId")),
                broken("a failed event whose bad field has no description", "certificate-failed-validation.json",
                        Schemas.FAILED, "description",
                        doc -> ((ObjectNode) doc.at("/badRequestDetail/fields/0")).remove("description")),
                broken("a failed event with parameters that are not a list", "certificate-failed.json",
                        Schemas.FAILED, "parameters", doc -> doc.put("parameters", "GROUP_ID")),

                broken("a database user with a lowercase x509Type", "database-user.json", Schemas.DATABASE_USER,
                        "x509Type", doc -> doc.put("x509Type", "managed")),
                broken("a database user with a short groupId", "database-user.json", Schemas.DATABASE_USER,
                        "groupId", doc -> doc.put("groupId", "5efda6")),
                broken("a database user without username", "database-user.json", Schemas.DATABASE_USER,
                        "username", doc -> doc.remove("username")),

                broken("a ledger entry with _id 0", "ledger-entry.json", Schemas.LEDGER_ENTRY,
                        "_id", doc -> doc.put("_id", 0)),
                broken("a ledger entry with _id as text", "ledger-entry.json", Schemas.LEDGER_ENTRY,
                        "_id", doc -> doc.put("_id", "3057694138473201217")),
                broken("a ledger entry without subject", "ledger-entry.json", Schemas.LEDGER_ENTRY,
                        "subject", doc -> doc.remove("subject")),
                broken("a ledger entry whose createdAt has no time zone", "ledger-entry.json",
                        Schemas.LEDGER_ENTRY, "createdAt", doc -> doc.put("createdAt", "2026-11-22T16:20:26")),

                broken("user security with a groupId of 23 characters", "user-security.json",
                        Schemas.USER_SECURITY, "groupId", doc -> doc.put("groupId", "5efda6aea3f2ed2e7dd6ce0")),
                broken("user security with an uppercase groupId", "user-security.json", Schemas.USER_SECURITY,
                        "groupId", doc -> doc.put("groupId", "5EFDA6AEA3F2ED2E7DD6CE05")),
                broken("user security with a groupId that is not hexadecimal", "user-security.json",
                        Schemas.USER_SECURITY, "groupId", doc -> doc.put("groupId", "5efda6aea3f2ed2e7dd6ce0z")),
                broken("user security without groupId", "user-security.json", Schemas.USER_SECURITY,
                        "groupId", doc -> doc.remove("groupId")),
                broken("user security whose cas is bare base64, not a PEM", "user-security.json",
                        Schemas.USER_SECURITY, "cas", doc -> ((ObjectNode) doc.path("customerX509"))
                                .put("cas", "MIIBojCCAUegAwIBAgIUc256odePPEq3fJe+HdOBSLKgg80wCgYIKoZIzj0EAwIw")),
                broken("user security whose cas is a private key", "user-security.json", Schemas.USER_SECURITY,
                        "cas", doc -> ((ObjectNode) doc.path("customerX509"))
                                .put("cas", "-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----\n")),
                broken("user security whose cas is empty", "user-security.json", Schemas.USER_SECURITY,
                        "cas", doc -> ((ObjectNode) doc.path("customerX509")).put("cas", "")),
                broken("user security whose cas is a list of PEMs", "user-security.json", Schemas.USER_SECURITY,
                        "cas", doc -> ((ObjectNode) doc.path("customerX509")).putArray("cas")
                                .add("-----BEGIN CERTIFICATE-----\n")),
                broken("user security whose customerX509 is the PEM itself", "user-security.json",
                        Schemas.USER_SECURITY, "customerX509",
                        doc -> doc.put("customerX509", "-----BEGIN CERTIFICATE-----\n")),
                broken("user security with schemaVersion 0", "user-security-cleared.json", Schemas.USER_SECURITY,
                        "schemaVersion", doc -> doc.put("schemaVersion", 0)),

                broken("an answered state without its serial", "request-state-answered.json", Schemas.REQUEST_STATE,
                        "serialNumber", doc -> doc.remove("serialNumber")),
                broken("an answered state whose serial is a JSON number", "request-state-answered.json",
                        Schemas.REQUEST_STATE, "serialNumber", doc -> doc.put("serialNumber", 3057694138473201217L)),
                broken("an answered state without answeredAt", "request-state-answered.json", Schemas.REQUEST_STATE,
                        "answeredAt", doc -> doc.remove("answeredAt")),
                broken("a state of an unknown kind", "request-state-answered.json", Schemas.REQUEST_STATE,
                        "state", doc -> doc.put("state", "done")),
                broken("a state without requestId", "request-state-minting.json", Schemas.REQUEST_STATE,
                        "requestId", doc -> doc.remove("requestId")),
                broken("a draft whose wrapped secret names no key-encryption key", "request-state-minting.json",
                        Schemas.REQUEST_STATE, "keyEncryptionKeyId", doc -> doc.remove("keyEncryptionKeyId")),
                broken("a renewal of a hexadecimal serial", "certificate-request-renewal.json", Schemas.REQUEST,
                        "renewalOf", doc -> doc.put("renewalOf", "2A6F1C9E5B7D3E41")),
                broken("a revoked ledger entry without its reason", "ledger-entry-revoked.json",
                        Schemas.LEDGER_ENTRY, "revocationReason", doc -> doc.remove("revocationReason")),
                broken("a ledger entry with a reason but no revocation time", "ledger-entry-revoked.json",
                        Schemas.LEDGER_ENTRY, "revokedAt", doc -> doc.remove("revokedAt")),
                broken("a ledger entry revoked on hold", "ledger-entry-revoked.json", Schemas.LEDGER_ENTRY,
                        "revocationReason", doc -> doc.put("revocationReason", "certificateHold")),
                broken("a revocation without serial", "revocation-request.json", Schemas.REVOCATION_REQUEST,
                        "serialNumber", doc -> doc.remove("serialNumber")),
                broken("a revocation of serial 0", "revocation-request.json", Schemas.REVOCATION_REQUEST,
                        "serialNumber", doc -> doc.put("serialNumber", "0")),
                broken("a revocation of a serial as a JSON number", "revocation-request.json",
                        Schemas.REVOCATION_REQUEST, "serialNumber", doc -> doc.put("serialNumber", 3057694138473201217L)),
                broken("a revocation for an unknown reason", "revocation-request.json", Schemas.REVOCATION_REQUEST,
                        "reason", doc -> doc.put("reason", "because")),
                broken("a revocation with an uppercase groupId", "revocation-request.json",
                        Schemas.REVOCATION_REQUEST, "groupId", doc -> doc.put("groupId", "5EFDA6AEA3F2ED2E7DD6CE05")),
                broken("a revoked event without revokedAt", "certificate-revoked.json", Schemas.REVOKED,
                        "revokedAt", doc -> doc.remove("revokedAt")),
                broken("a revoked event without reason", "certificate-revoked.json", Schemas.REVOKED,
                        "reason", doc -> doc.remove("reason")),
                broken("an expiry warning with negative days left", "certificate-expiring.json", Schemas.EXPIRING,
                        "daysLeft", doc -> doc.put("daysLeft", -1)),
                broken("an expiry warning without notAfter", "certificate-expiring.json", Schemas.EXPIRING,
                        "notAfter", doc -> doc.remove("notAfter")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDocuments")
    void invalidDocumentsAreRejectedWithAnErrorAboutTheBrokenField(String name, JsonNode document, String schema,
                                                                   String field) {
        List<Error> errors = Schemas.validate(schema, document);

        assertThat(errors).as(name).isNotEmpty();
        assertThat(errors).as(name).anySatisfy(error -> assertThat(
                field.equals(error.getProperty()) || error.getInstanceLocation().toString().contains(field)
                        || error.getMessage().contains(field)).isTrue());
    }

    @Test
    void aDocumentThatIsNotAnObjectIsRejected() {
        Schemas.BY_TYPE.values().forEach(schema -> {
            assertThat(Schemas.validate(schema, "[]")).as(schema).isNotEmpty();
            assertThat(Schemas.validate(schema, "\"hello\"")).as(schema).isNotEmpty();
            assertThat(Schemas.validate(schema, "null")).as(schema).isNotEmpty();
        });
    }

    @Test
    void unknownFieldsAreAcceptedByTheSchemas() {
        ObjectNode request = (ObjectNode) Schemas.resourceTree("examples/certificate-request.json");
        request.put("colour", "blue");
        request.putObject("origin").put("service", "billing").putArray("tags").add("a");

        assertThat(Schemas.validate(Schemas.REQUEST, request)).isEmpty();
    }

    @Test
    void aFailedEventMayEchoAMalformedGroupIdAndLackAUsername() {
        ObjectNode failed = (ObjectNode) Schemas.resourceTree("examples/certificate-failed.json");
        failed.put("groupId", "not-a-group");
        failed.remove("username");

        assertThat(Schemas.validate(Schemas.FAILED, failed)).isEmpty();
    }

    @Test
    void aRequestWithOnlyGroupIdAndUsernameIsValid() {
        assertThat(Schemas.validate(Schemas.REQUEST,
                "{\"groupId\":\"5efda6aea3f2ed2e7dd6ce05\",\"username\":\"alice\"}")).isEmpty();
    }

    @Test
    void userSecurityWithoutCustomerX509OrWithAnEmptyOneIsValid() {
        assertThat(Schemas.validate(Schemas.USER_SECURITY, "{\"groupId\":\"5efda6aea3f2ed2e7dd6ce05\"}")).isEmpty();
        assertThat(Schemas.validate(Schemas.USER_SECURITY,
                "{\"groupId\":\"5efda6aea3f2ed2e7dd6ce05\",\"customerX509\":{}}")).isEmpty();
    }

    @Test
    void userSecurityWithSeveralConcatenatedCaCertificatesIsValid() {
        ObjectNode settings = (ObjectNode) Schemas.resourceTree("examples/user-security.json");
        String cas = settings.at("/customerX509/cas").asText();
        ((ObjectNode) settings.path("customerX509")).put("cas", cas + cas);

        assertThat(Schemas.validate(Schemas.USER_SECURITY, settings)).isEmpty();
    }

    private static Arguments broken(String name, String example, String schema, String field,
                                    Consumer<ObjectNode> change) {
        ObjectNode document = (ObjectNode) Schemas.resourceTree("examples/" + example);
        change.accept(document);
        return Arguments.of(name, document, schema, field);
    }
}
