package io.certworker.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a Java producer builds and {@link EventCodec} encodes is what the schemas describe. */
class RecordsMatchSchemasTest {

    static Stream<Named<Object>> events() {
        return Fixtures.all().stream().map(event -> Named.of(event.getClass().getSimpleName() + " " + label(event), event));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void everyEncodedRecordValidatesAgainstItsSchema(Object event) {
        byte[] json = EventCodec.instance().encode(event);

        assertThat(Schemas.validate(Schemas.BY_TYPE.get(event.getClass()), json))
                .as(new String(json, java.nio.charset.StandardCharsets.UTF_8))
                .isEmpty();
    }

    @Test
    void everyRecordTypeOfTheModuleHasASchemaAndAFixture() {
        assertThat(Schemas.BY_TYPE).containsOnlyKeys(CertificateRequest.class, CertificateIssued.class,
                CertificateFailed.class, DatabaseUser.class, LedgerEntry.class, UserSecurity.class, RequestState.class,
                CertificateFailed.class, DatabaseUser.class, LedgerEntry.class, UserSecurity.class,
                RevocationRequest.class, CertificateRevoked.class, CertificateExpiring.class);
        assertThat(Fixtures.all()).extracting(Object::getClass).containsAll(Schemas.BY_TYPE.keySet());
    }

    @Test
    void anIssuedEventWithoutItsRequiredFieldsDoesNotValidate() {
        CertificateIssued incomplete = new CertificateIssued(SchemaVersion.CURRENT, Fixtures.REQUEST_ID,
                Fixtures.GROUP_ID, Fixtures.USERNAME, null, null, null, null, null, "internal-ca", null, null);

        assertThat(Schemas.validate(Schemas.ISSUED, EventCodec.instance().encode(incomplete)))
                .extracting(com.networknt.schema.Error::getProperty)
                .contains("serialNumber", "subject", "notBefore", "notAfter", "createdAt", "pem");
    }

    @Test
    void aUserSecurityRecordBuiltInJavaWithARealCaValidates() {
        String cas = Schemas.resourceTree("examples/user-security.json").at("/customerX509/cas").asText();
        UserSecurity settings = UserSecurity.of(Fixtures.GROUP_ID, new UserSecurity.CustomerX509(cas));

        byte[] json = EventCodec.instance().encode(settings);

        assertThat(Schemas.validate(Schemas.USER_SECURITY, json)).isEmpty();
        assertThat(Schemas.tree(new String(json, java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(Schemas.resourceTree("examples/user-security.json"));
    }

    @Test
    void aClearedUserSecurityRecordIsEncodedWithoutCustomerX509AndValidates() {
        byte[] json = EventCodec.instance().encode(Fixtures.customerCaCleared());

        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"schemaVersion\":1,\"groupId\":\"" + Fixtures.GROUP_ID + "\"}");
        assertThat(Schemas.validate(Schemas.USER_SECURITY, json)).isEmpty();
        assertThat(Schemas.validate(Schemas.USER_SECURITY,
                EventCodec.instance().encode(UserSecurity.of(Fixtures.GROUP_ID, new UserSecurity.CustomerX509(null)))))
                .as("an empty customerX509, as Atlas shows a project without one").isEmpty();
    }

    @Test
    void aLedgerEntryWhoseSerialExceedsALongValidates() {
        BigInteger serial = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);
        LedgerEntry entry = new LedgerEntry(SchemaVersion.CURRENT, serial, Fixtures.NOT_BEFORE, Fixtures.GROUP_ID,
                Fixtures.NOT_AFTER, "CN=" + Fixtures.USERNAME);

        byte[] json = EventCodec.instance().encode(entry);

        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8)).contains("\"_id\":" + serial + ",");
        assertThat(Schemas.validate(Schemas.LEDGER_ENTRY, json)).isEmpty();
    }

    @Test
    void aLedgerEntryRevokedWithoutAReasonDoesNotValidate() {
        LedgerEntry half = new LedgerEntry(SchemaVersion.CURRENT, Fixtures.SERIAL, Fixtures.NOT_BEFORE,
                Fixtures.GROUP_ID, Fixtures.NOT_AFTER, "CN=" + Fixtures.USERNAME, "internal-ca", Fixtures.REVOKED_AT,
                null, null);

        assertThat(Schemas.validate(Schemas.LEDGER_ENTRY, EventCodec.instance().encode(half))).isNotEmpty();
    }

    @Test
    void everyRevocationReasonIsInTheSchemasAndNoneThatCanBeUndone() {
        java.util.List<String> inSchema = new java.util.ArrayList<>();
        Schemas.resourceTree("schemas/" + Schemas.REVOCATION_REQUEST).at("/properties/reason/enum")
                .forEach(name -> inSchema.add(name.asText()));

        assertThat(inSchema).containsExactlyElementsOf(RevocationReason.wireNames())
                .doesNotContain("certificateHold", "removeFromCRL");
        assertThat(Schemas.validate(Schemas.REVOCATION_REQUEST, EventCodec.instance().encode(new RevocationRequest(
                SchemaVersion.CURRENT, null, Fixtures.GROUP_ID, Fixtures.USERNAME, "12", "certificateHold"))))
                .isNotEmpty();
        assertThat(RevocationReason.ofWireName("keyCompromise")).contains(RevocationReason.KEY_COMPROMISE);
        assertThat(RevocationReason.KEY_COMPROMISE.code()).isEqualTo(1);
        assertThat(RevocationReason.CESSATION_OF_OPERATION.code()).isEqualTo(5);
        assertThat(RevocationReason.PRIVILEGE_WITHDRAWN.code()).isEqualTo(9);
    }

    private static String label(Object event) {
        if (event instanceof UserSecurity settings) {
            return settings.customerX509Enabled() ? "customer CA" : "cleared";
        }
        if (event instanceof CertificateFailed failed) {
            return failed.errorCode();
        }
        if (event instanceof DatabaseUser user) {
            return String.valueOf(user.x509Type());
        }
        if (event instanceof CertificateIssued issued) {
            return issued.issuer() + (issued.renewalOf() == null ? "" : " renewal");
        }
        if (event instanceof CertificateRequest request) {
            return request.renewalOf() != null ? "renewal" : request.requestId() == null ? "minimal" : "full";
        }
        if (event instanceof RevocationRequest revocation) {
            return revocation.requestId() == null ? "minimal" : "full";
        }
        if (event instanceof LedgerEntry entry) {
            return entry.revoked() ? "revoked" : "issued";
        }
        return "";
    }
}
