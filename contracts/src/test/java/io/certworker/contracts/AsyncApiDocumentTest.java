package io.certworker.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AsyncAPI document: parses, names every public topic of {@link Topics} (not the worker's own ones), and all its
 * references resolve.
 */
class AsyncApiDocumentTest {
    private static final String DOCUMENT = "asyncapi.yaml";
    private static JsonNode asyncApi;

    @BeforeAll
    static void parse() throws IOException {
        asyncApi = new ObjectMapper(new YAMLFactory()).readTree(Schemas.resource(DOCUMENT));
    }

    @Test
    void theDocumentParsesAsYamlAndDeclaresAsyncApi300() {
        assertThat(asyncApi.isObject()).isTrue();
        assertThat(asyncApi.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(asyncApi.at("/info/title").asText()).isEqualTo("cert-worker");
        assertThat(asyncApi.at("/info/version").asText()).isEqualTo("0.1.0");
        assertThat(asyncApi.at("/info/description").asText()).isNotBlank();
    }

    @Test
    void aKafkaServerPlaceholderIsDeclared() {
        assertThat(asyncApi.at("/servers/kafka/host").asText()).isEqualTo("localhost:9092");
        assertThat(asyncApi.at("/servers/kafka/protocol").asText()).isEqualTo("kafka");
    }

    @Test
    void everyPublicTopicOfTopicsHasAChannel() {
        assertThat(addressesOfChannels().values()).containsExactlyInAnyOrder(Topics.REQUESTS, Topics.ISSUED,
                Topics.FAILED, Topics.DEAD_LETTERS, Topics.USERS, Topics.USER_SECURITY, Topics.LEDGER,
                Topics.REQUESTS_STATE, Topics.REVOCATIONS, Topics.REVOKED, Topics.EXPIRING);
    }

    @Test
    void theWorkersOwnTopicsAreNamedAndOnlyTheRequestStatesAreDescribed() {
        String description = asyncApi.at("/info/description").asText();

        assertThat(description).contains("`" + Topics.REQUESTS_STATE + "`", "`" + Topics.CA_STORE + "`",
                "`" + Topics.LIFECYCLE_STATE + "`", "only the worker writes", "not described");
        assertThat(addressesOfChannels().values()).doesNotContain(Topics.CA_STORE, Topics.LIFECYCLE_STATE);
        assertThat(asyncApi.at("/channels/certRequestsState/description").asText())
                .contains("Written by the worker alone", "`cert-requests`", "again, unchanged", "tombstone");
    }

    @Test
    void nothingIsReservedAnyMore() {
        List<String> reserved = new ArrayList<>();
        walkText(asyncApi, "", (where, text) -> {
            if (text.toLowerCase(java.util.Locale.ROOT).contains("reserved")) {
                reserved.add(where + ": " + text);
            }
        });

        assertThat(reserved).isEmpty();
        assertThat(asyncApi.at("/info/tags").findValuesAsText("name")).doesNotContain("reserved");
    }

    @Test
    void theLedgerChannelSaysWhoWritesItWhenItIsPrunedAndWhoReadsIt() {
        JsonNode ledger = asyncApi.at("/channels/certLedger");
        String description = ledger.path("description").asText();

        assertThat(ledger.path("title").asText()).isEqualTo("Certificate ledger");
        assertThat(description).contains("one entry per certificate", "internal CA", "Atlas", "same transaction",
                "`cert-issued`", "tombstone", "expired", "grow", "`cert-worker certs list`",
                "`groupId/username/serial`", "64-bit");
        assertThat(ledger.path("messages").properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("ledgerEntry", "ledgerEntryRemoved");
    }

    @Test
    void theUserSecurityChannelIsAtlasUserSecurityKeyedByGroupIdAndClearedByATombstone() {
        JsonNode channel = asyncApi.at("/channels/userSecurity");
        String description = channel.path("description").asText();

        assertThat(channel.path("address").asText()).isEqualTo(Topics.USER_SECURITY);
        assertThat(description).contains("/api/atlas/v2/groups/{groupId}/userSecurity", "`groupId`",
                "CANNOT_GENERATE_CERT_IF_ADVANCED_X509", "tombstone", "DELETE .../userSecurity/customerX509");
        assertThat(channel.path("messages").properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("userSecurity", "userSecurityCleared");
    }

    @Test
    void tombstonesHaveANullPayload() {
        List.of("databaseUserDeleted", "userSecurityCleared", "ledgerEntryRemoved", "requestStateRemoved").forEach(name -> {
            JsonNode message = asyncApi.at("/components/messages/" + name);
            assertThat(message.at("/payload/type").asText()).as(name).isEqualTo("null");
            assertThat(message.path("summary").asText()).as(name).contains("tombstone");
        });
    }

    @Test
    void eachChannelsKafkaTopicIsItsAddress() {
        asyncApi.path("channels").properties().forEach(channel -> assertThat(
                channel.getValue().at("/bindings/kafka/topic").asText()).as(channel.getKey())
                .isEqualTo(channel.getValue().path("address").asText()));
    }

    @Test
    void onlyTheUsersTheUserSecurityAndTheLedgerAreCompacted() {
        Map<String, String> policies = new LinkedHashMap<>();
        asyncApi.path("channels").properties().forEach(channel -> policies.put(
                channel.getValue().path("address").asText(),
                channel.getValue().at("/bindings/kafka/topicConfiguration/cleanup.policy/0").asText()));

        assertThat(policies).containsEntry(Topics.REVOCATIONS, "delete").containsEntry(Topics.REVOKED, "delete")
                .containsEntry(Topics.EXPIRING, "delete")
                .containsEntry(Topics.USERS, "compact").containsEntry(Topics.LEDGER, "compact")
                .containsEntry(Topics.USER_SECURITY, "compact")
                .containsEntry(Topics.REQUESTS, "delete").containsEntry(Topics.ISSUED, "delete")
                .containsEntry(Topics.FAILED, "delete").containsEntry(Topics.DEAD_LETTERS, "delete");
    }

    @Test
    void everyReferenceToASchemaFilePointsAtAFileThatExists() {
        List<String> fileReferences = new ArrayList<>();
        eachReference((where, ref) -> {
            if (!ref.startsWith("#")) {
                fileReferences.add(ref);
                String resolved = URI.create(DOCUMENT).resolve(ref).getPath();
                assertThat(Schemas.exists(resolved)).as("%s at %s", ref, where).isTrue();
            }
        });

        assertThat(fileReferences).containsExactlyInAnyOrder(
                "./schemas/" + Schemas.REQUEST, "./schemas/" + Schemas.ISSUED, "./schemas/" + Schemas.FAILED,
                "./schemas/" + Schemas.DATABASE_USER, "./schemas/" + Schemas.LEDGER_ENTRY,
                "./schemas/" + Schemas.USER_SECURITY, "./schemas/" + Schemas.REQUEST_STATE,
                "./schemas/" + Schemas.REVOCATION_REQUEST, "./schemas/" + Schemas.REVOKED,
                "./schemas/" + Schemas.EXPIRING);
    }

    @Test
    void everyReferenceWithinTheDocumentResolves() {
        eachReference((where, ref) -> {
            if (ref.startsWith("#")) {
                assertThat(asyncApi.at(JsonPointer.compile(ref.substring(1))).isMissingNode())
                        .as("%s at %s", ref, where).isFalse();
            }
        });
    }

    @Test
    void everyJsonMessageIsDescribedByADraft202012SchemaFile() {
        asyncApi.at("/components/messages").properties().forEach(message -> {
            JsonNode payload = message.getValue().path("payload");
            if (message.getValue().path("contentType").asText("application/json").equals("application/json")
                    && payload.has("schema")) {
                assertThat(payload.path("schemaFormat").asText()).as(message.getKey())
                        .isEqualTo("application/schema+json;version=draft-2020-12");
                assertThat(payload.at("/schema/$ref").asText()).as(message.getKey()).startsWith("./schemas/");
            }
        });
        assertThat(asyncApi.at("/components/messages").properties()).extracting(Map.Entry::getKey)
                .contains("certificateRequest", "certificateIssued", "certificateFailed", "deadLetter",
                        "databaseUser", "databaseUserDeleted", "ledgerEntry", "ledgerEntryRemoved", "userSecurity",
                        "userSecurityCleared", "requestState", "requestStateRemoved", "revocationRequest",
                        "certificateRevoked", "certificateExpiring");
    }

    @Test
    void everyMessageDescribesItsKafkaKey() {
        Map<String, String> keys = new LinkedHashMap<>();
        asyncApi.at("/components/messages").properties().forEach(message -> {
            JsonNode key = message.getValue().at("/bindings/kafka/key");
            assertThat(key.path("type").asText()).as(message.getKey()).isEqualTo("string");
            keys.put(message.getKey(), key.path("description").asText());
        });

        assertThat(keys).containsEntry("certificateRequest", "groupId/username")
                .containsEntry("certificateIssued", "groupId/username")
                .containsEntry("certificateFailed", "groupId/username")
                .containsEntry("databaseUser", "groupId/username")
                .containsEntry("databaseUserDeleted", "groupId/username")
                .containsEntry("ledgerEntry", "groupId/username/serial")
                .containsEntry("ledgerEntryRemoved", "groupId/username/serial")
                .containsEntry("userSecurity", "groupId")
                .containsEntry("userSecurityCleared", "groupId")
                .containsEntry("requestState", "requestId")
                .containsEntry("requestStateRemoved", "requestId")
                .containsEntry("revocationRequest", "groupId/username")
                .containsEntry("certificateRevoked", "groupId/username")
                .containsEntry("certificateExpiring", "groupId/username");
        assertThat(keys.get("deadLetter")).contains("original");
    }

    @Test
    void theDeadLetterHeadersAreThoseOfDeadLetterHeaders() {
        JsonNode headers = asyncApi.at("/components/messages/deadLetter/headers");

        assertThat(headers.path("properties").properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder(
                DeadLetterHeaders.SOURCE_TOPIC, DeadLetterHeaders.SOURCE_PARTITION, DeadLetterHeaders.SOURCE_OFFSET,
                DeadLetterHeaders.REASON);
        assertThat(headers.path("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                DeadLetterHeaders.SOURCE_TOPIC, DeadLetterHeaders.SOURCE_PARTITION, DeadLetterHeaders.SOURCE_OFFSET,
                DeadLetterHeaders.REASON);
        assertThat(asyncApi.at("/components/messages/deadLetter/contentType").asText())
                .isEqualTo("application/octet-stream");
    }

    @Test
    void theWorkerReceivesRequestsUsersUserSecurityAndItsStatesAndSendsOutcomesDeadLettersLedgerEntriesAndStates() {
        Map<String, List<String>> byAction = new LinkedHashMap<>();
        Map<String, String> addresses = addressesOfChannels();
        asyncApi.path("operations").properties().forEach(operation -> {
            String channel = operation.getValue().at("/channel/$ref").asText().replace("#/channels/", "");
            byAction.computeIfAbsent(operation.getValue().path("action").asText(), a -> new ArrayList<>())
                    .add(addresses.get(channel));
        });

        assertThat(byAction.get("receive")).containsExactlyInAnyOrder(Topics.REQUESTS, Topics.USERS,
                Topics.USER_SECURITY, Topics.REQUESTS_STATE, Topics.REVOCATIONS);
        assertThat(byAction.get("send")).containsExactlyInAnyOrder(
                Topics.ISSUED, Topics.FAILED, Topics.DEAD_LETTERS, Topics.LEDGER, Topics.REQUESTS_STATE,
                Topics.REVOCATIONS, Topics.REVOKED, Topics.EXPIRING);
    }

    @Test
    void everyOperationsMessagesBelongToItsChannel() {
        asyncApi.path("operations").properties().forEach(operation -> {
            String channel = operation.getValue().at("/channel/$ref").asText();
            operation.getValue().path("messages").forEach(message -> assertThat(message.path("$ref").asText())
                    .as(operation.getKey()).startsWith(channel + "/messages/"));
        });
    }

    @Test
    void inlineExamplesAreTheExampleFilesAndValidateAgainstTheirSchemas() {
        List<JsonNode> exampleFiles = List.of("certificate-request.json", "certificate-issued.json",
                "certificate-failed.json", "certificate-failed-validation.json", "database-user.json",
                "ledger-entry.json", "user-security.json", "user-security-cleared.json", "request-state-answered.json",
                "request-state-minting.json", "certificate-request-renewal.json", "ledger-entry-revoked.json",
                "revocation-request.json", "certificate-revoked.json", "certificate-failed-revocation.json",
                "certificate-expiring.json").stream().map(file -> Schemas.resourceTree("examples/" + file)).toList();
        List<JsonNode> seen = new ArrayList<>();

        asyncApi.at("/components/messages").properties().forEach(message -> {
            String ref = message.getValue().at("/payload/schema/$ref").asText();
            message.getValue().path("examples").forEach(example -> {
                if (ref.isEmpty()) {
                    return;
                }
                JsonNode payload = example.path("payload");
                String schema = ref.substring(ref.lastIndexOf('/') + 1);
                assertThat(Schemas.validate(schema, payload)).as(message.getKey()).isEmpty();
                assertThat(exampleFiles).as(message.getKey()).contains(payload);
                seen.add(payload);
            });
        });

        assertThat(seen).containsExactlyInAnyOrderElementsOf(exampleFiles);
    }

    private static Map<String, String> addressesOfChannels() {
        Map<String, String> addresses = new LinkedHashMap<>();
        asyncApi.path("channels").properties().forEach(
                channel -> addresses.put(channel.getKey(), channel.getValue().path("address").asText()));
        return addresses;
    }

    private static void walkText(JsonNode node, String where, BiConsumer<String, String> action) {
        if (node.isTextual()) {
            action.accept(where, node.asText());
        } else if (node.isObject()) {
            node.properties().forEach(entry -> walkText(entry.getValue(), where + "/" + entry.getKey(), action));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walkText(node.get(i), where + "/" + i, action);
            }
        }
    }

    private static void eachReference(BiConsumer<String, String> action) {
        walk(asyncApi, "", action);
    }

    private static void walk(JsonNode node, String where, BiConsumer<String, String> action) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                if (entry.getKey().equals("$ref") && entry.getValue().isTextual()) {
                    action.accept(where, entry.getValue().asText());
                } else {
                    walk(entry.getValue(), where + "/" + entry.getKey(), action);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), where + "/" + i, action);
            }
        }
    }
}
