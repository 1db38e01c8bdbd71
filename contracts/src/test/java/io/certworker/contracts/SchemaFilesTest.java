package io.certworker.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The schema files themselves: well-formed draft 2020-12 schemas, named by their {@code $id}, documented. */
class SchemaFilesTest {

    static Stream<String> schemaFiles() {
        return Schemas.BY_TYPE.values().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaFiles")
    void everySchemaIsValidAgainstTheDraft202012MetaSchema(String file) {
        assertThat(Schemas.metaSchema().validate(Schemas.resourceTree("schemas/" + file))).isEmpty();
    }

    @Test
    void theMetaSchemaCheckRejectsAMalformedSchema() {
        assertThat(Schemas.metaSchema().validate(Schemas.tree(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"text\",\"minLength\":-1}}}")))
                .isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaFiles")
    void everySchemaDeclaresDraft202012AndAnIdEndingInItsFileName(String file) {
        JsonNode schema = Schemas.resourceTree("schemas/" + file);

        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).isEqualTo(Schemas.ID_PREFIX + file);
        assertThat(schema.path("title").asText()).isNotBlank();
        assertThat(schema.path("description").asText()).isNotBlank();
        assertThat(schema.path("type").asText()).isEqualTo("object");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaFiles")
    void everyPropertyHasATypeAndADescription(String file) {
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(Schemas.resourceTree("schemas/" + file), "", undocumented);

        assertThat(undocumented).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaFiles")
    void unknownFieldsAreAllowedSoThatReadersStayForwardCompatible(String file) {
        assertThat(Schemas.resourceTree("schemas/" + file).path("additionalProperties").asBoolean(true)).isTrue();
    }

    @Test
    void everyTimeIsAStringInDateTimeFormat() {
        Map<String, List<String>> times = Map.of(
                Schemas.ISSUED, List.of("notBefore", "notAfter", "createdAt"),
                Schemas.LEDGER_ENTRY, List.of("createdAt", "notAfter", "revokedAt"),
                Schemas.REVOKED, List.of("revokedAt"),
                Schemas.EXPIRING, List.of("notAfter"));

        times.forEach((file, fields) -> fields.forEach(field -> {
            JsonNode property = Schemas.resourceTree("schemas/" + file).path("properties").path(field);
            assertThat(property.path("type").asText()).as("%s %s", file, field).isEqualTo("string");
            assertThat(property.path("format").asText()).as("%s %s", file, field).isEqualTo("date-time");
        }));
    }

    @Test
    void everySchemaDescribesOneRecordOfTheModuleAndEveryRecordFieldIsAProperty() {
        Schemas.BY_TYPE.forEach((type, file) -> {
            JsonNode properties = Schemas.resourceTree("schemas/" + file).path("properties");
            List<String> jsonNames = Stream.of(type.getRecordComponents())
                    .map(component -> component.getName().equals("id") && type == LedgerEntry.class
                            ? "_id" : component.getName())
                    .toList();

            assertThat(properties.properties().stream().map(Map.Entry::getKey).toList()).as(file).containsExactlyInAnyOrderElementsOf(jsonNames);
        });
    }

    @Test
    void theRequestSchemaSaysInvalidRequestsGetAFailedEventAndOnlyNonObjectsGoToTheDeadLetterTopic() {
        String description = Schemas.resourceTree("schemas/" + Schemas.REQUEST).path("description").asText();

        assertThat(description).contains("valid", "cert-failed", "not a JSON object", "cert-requests-dlq");
        assertThat(Schemas.resourceTree("schemas/" + Schemas.REQUEST)
                .at("/properties/monthsUntilExpiration/default").asInt()).isEqualTo(
                CertificateRequest.DEFAULT_MONTHS_UNTIL_EXPIRATION);
    }

    @Test
    void theLedgerSchemaSaysItIsWrittenPerCertificateTransactionallyPrunedAndKeyless() {
        JsonNode schema = Schemas.resourceTree("schemas/" + Schemas.LEDGER_ENTRY);
        String description = schema.path("description").asText();

        assertThat(description).contains("one entry per certificate", "internal CA", "Atlas",
                "same Kafka transaction", "tombstone", "expired", "cert-worker certs list",
                "groupId/username/serial", "never holds a private key");
        assertThat(description.toLowerCase(java.util.Locale.ROOT)).doesNotContain("reserved", "later version");
        assertThat(schema.at("/properties/_id/description").asText()).contains("64-bit", "arbitrary-precision");
    }

    @Test
    void theUserSecuritySchemaSaysWhatItIsKeyedByAndWhatACustomerCaDoes() {
        JsonNode schema = Schemas.resourceTree("schemas/" + Schemas.USER_SECURITY);
        String description = schema.path("description").asText();

        assertThat(description).contains("user-security", "record key groupId", "/userSecurity",
                "CANNOT_GENERATE_CERT_IF_ADVANCED_X509", "tombstone", "DELETE");
        assertThat(schema.path("required")).extracting(JsonNode::asText).containsExactly("groupId");
        assertThat(schema.at("/properties/groupId/pattern").asText())
                .isEqualTo(Schemas.resourceTree("schemas/" + Schemas.REQUEST).at("/properties/groupId/pattern")
                        .asText());
        assertThat(schema.at("/properties/customerX509/properties/cas/pattern").asText())
                .isEqualTo("^-----BEGIN CERTIFICATE-----");
    }

    @Test
    void theCustomerX509ObjectDescribesTheNestedRecord() {
        JsonNode customerX509 = Schemas.resourceTree("schemas/" + Schemas.USER_SECURITY)
                .at("/properties/customerX509");

        assertThat(customerX509.path("type").asText()).isEqualTo("object");
        assertThat(customerX509.path("additionalProperties").asBoolean(true)).isTrue();
        assertThat(customerX509.path("properties").properties().stream().map(Map.Entry::getKey).toList())
                .containsExactlyInAnyOrderElementsOf(Stream.of(UserSecurity.CustomerX509.class.getRecordComponents())
                        .map(java.lang.reflect.RecordComponent::getName).toList());
    }

    private static void collectUndocumented(JsonNode schema, String path, List<String> undocumented) {
        schema.path("properties").properties().forEach(entry -> {
            String where = path + "/" + entry.getKey();
            JsonNode property = entry.getValue();
            if (!property.hasNonNull("description") || property.path("description").asText().isBlank()) {
                undocumented.add(where + " has no description");
            }
            if (!property.hasNonNull("type")) {
                undocumented.add(where + " has no type");
            }
            collectUndocumented(property, where, undocumented);
            if (property.path("items").isObject()) {
                collectUndocumented(property.path("items"), where + "[]", undocumented);
            }
        });
    }
}
