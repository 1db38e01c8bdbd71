package io.certworker.contracts;

import static org.assertj.core.api.Assertions.assertThat;

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
                CertificateFailed.class, DatabaseUser.class, LedgerEntry.class);
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

    private static String label(Object event) {
        if (event instanceof CertificateFailed failed) {
            return failed.errorCode();
        }
        if (event instanceof DatabaseUser user) {
            return String.valueOf(user.x509Type());
        }
        if (event instanceof CertificateIssued issued) {
            return issued.issuer();
        }
        if (event instanceof CertificateRequest request) {
            return request.requestId() == null ? "minimal" : "full";
        }
        return "";
    }
}
