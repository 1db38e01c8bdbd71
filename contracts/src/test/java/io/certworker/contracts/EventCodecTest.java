package io.certworker.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link EventCodec}: the one serde a Java producer or consumer needs. */
class EventCodecTest {
    private final EventCodec codec = EventCodec.instance();

    static Stream<Named<Object>> events() {
        return Fixtures.all().stream().map(event -> Named.of(event.toString(), event));
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = """
                {"schemaVersion":1,"requestId":"9f1c2b7e-4a53-4c1e-9d0a-2f6b8e1d7c35","colour":"blue",
                 "groupId":"5efda6aea3f2ed2e7dd6ce05","username":"alice",
                 "origin":{"service":"billing","tags":["a",{"deep":[1,2,null]}],"retries":2},
                 "monthsUntilExpiration":3,"futureFlag":true}
                """;

        CertificateRequest request = codec.decode(bytes(json), CertificateRequest.class);

        assertThat(request).isEqualTo(Fixtures.request());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void unknownFieldsAreIgnoredByEveryEvent(Object event) {
        ObjectNode tree = (ObjectNode) Schemas.tree(codec.toJson(event, false));
        tree.put("colour", "blue");
        tree.putObject("addedInVersion2").put("x", 1).putArray("y").add(true);

        Object decoded = codec.decode(bytes(tree.toString()), event.getClass());

        assertThat(decoded).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void decodingWhatWasEncodedGivesBackTheSameEvent(Object event) {
        Object decoded = codec.decode(codec.encode(event), event.getClass());

        assertThat(decoded).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void prettyAndCompactJsonHoldTheSameEvent(Object event) {
        assertThat(Schemas.tree(codec.toJson(event, true))).isEqualTo(Schemas.tree(codec.toJson(event, false)));
        assertThat(codec.toJson(event, false)).isEqualTo(new String(codec.encode(event), StandardCharsets.UTF_8));
    }

    @Test
    void timesAreWrittenAsIso8601UtcStrings() {
        JsonNode issued = Schemas.tree(codec.toJson(Fixtures.issued(), false));
        JsonNode ledger = Schemas.tree(codec.toJson(Fixtures.ledgerEntry(), false));

        assertThat(issued.path("notBefore").isTextual()).isTrue();
        assertThat(issued.path("notBefore").asText()).isEqualTo("2026-11-22T16:20:26Z");
        assertThat(issued.path("notAfter").asText()).isEqualTo("2027-02-22T17:20:26Z");
        assertThat(issued.path("createdAt").asText()).isEqualTo("2026-11-22T16:20:26Z");
        assertThat(ledger.path("createdAt").asText()).isEqualTo("2026-11-22T16:20:26Z");
        assertThat(ledger.path("notAfter").asText()).isEqualTo("2027-02-22T17:20:26Z");
    }

    @Test
    void absentFieldsAreLeftOutRatherThanWrittenAsNull() {
        String json = codec.toJson(Fixtures.minimalRequest(), false);

        assertThat(json).isEqualTo("{\"groupId\":\"5efda6aea3f2ed2e7dd6ce05\",\"username\":\"alice\"}");
        assertThat(codec.toJson(Fixtures.issuedByAtlas(), false)).doesNotContain("caCertificatePem", "null");
        assertThat(codec.toJson(Fixtures.userNotManaged(), false)).doesNotContain("badRequestDetail", "null");
    }

    @Test
    void absentOptionalFieldsOfARequestDecodeAsNull() {
        CertificateRequest request = codec.decode(
                bytes("{\"groupId\":\"5efda6aea3f2ed2e7dd6ce05\",\"username\":\"alice\"}"), CertificateRequest.class);

        assertThat(request).isEqualTo(Fixtures.minimalRequest());
        assertThat(request.monthsUntilExpiration()).isNull();
        assertThat(CertificateRequest.DEFAULT_MONTHS_UNTIL_EXPIRATION).isEqualTo(3);
    }

    @Test
    void theLedgerEntryIdIsWrittenAsAJsonNumberNamedUnderscoreId() {
        JsonNode ledger = Schemas.tree(codec.toJson(Fixtures.ledgerEntry(), false));

        assertThat(ledger.has("id")).isFalse();
        assertThat(ledger.path("_id").isIntegralNumber()).isTrue();
        assertThat(ledger.path("_id").bigIntegerValue()).isEqualTo(Fixtures.SERIAL);
    }

    @Test
    void aSerialLargerThanSixtyFourBitsSurvivesTheRoundTrip() {
        BigInteger twentyBytes = new BigInteger("7fffffffffffffffffffffffffffffffffffffff", 16);
        LedgerEntry entry = new LedgerEntry(1, twentyBytes, Fixtures.NOT_BEFORE, Fixtures.GROUP_ID,
                Fixtures.NOT_AFTER, "CN=alice");

        assertThat(codec.decode(codec.encode(entry), LedgerEntry.class).id()).isEqualTo(twentyBytes);
    }

    @Test
    void theX509TypeIsWrittenAsAtlasSpellsIt() {
        assertThat(Schemas.tree(codec.toJson(Fixtures.managedUser(), false)).path("x509Type").asText())
                .isEqualTo("MANAGED");
        assertThat(Fixtures.passwordUser().x509TypeOrDefault()).isEqualTo(X509Type.NONE);
    }

    @Test
    void textIsUtf8() {
        CertificateRequest request = CertificateRequest.of(null, Fixtures.GROUP_ID, "zoë-日本", 1);

        byte[] json = codec.encode(request);

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("zoë-日本");
        assertThat(codec.decode(json, CertificateRequest.class)).isEqualTo(request);
    }

    @Test
    void failureParametersKeepTheirJsonTypes() {
        CertificateFailed decoded = codec.decode(codec.encode(Fixtures.rateLimited()), CertificateFailed.class);

        assertThat(decoded.parameters()).containsExactly(17, Fixtures.GROUP_ID);
    }

    @Test
    void toStringOfAnIssuedEventLeavesOutThePem() {
        CertificateIssued issued = Fixtures.issued();

        assertThat(issued.toString())
                .doesNotContain(issued.pem())
                .doesNotContain("BEGIN", "PRIVATE KEY", "MIGHAgEA")
                .contains(issued.serialNumber(), issued.username(), "redacted");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
            "{\"groupId\":\"5efda6aea3f2ed2e7dd6ce05\",\"username\":\"alice\"} x",
            "{\"groupId\":\"5efda6aea3f2ed2e7dd6ce05\",\"username\":\"alice\"}{}",
            "{\"groupId\":\"5efda6aea3f2ed2e7dd6ce05\",\"username\":\"alice\"}]",
            "{\"groupId\":\"5efda6aea3f2ed2e7dd6ce05\",\"username\":\"alice\"} 42"})
    void trailingGarbageIsRefused(String json) {
        assertThatThrownBy(() -> codec.decode(bytes(json), CertificateRequest.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a valid CertificateRequest");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
            "{\"groupId\":\"5efda6aea3f2ed2e7dd6ce05\",\"username\":\"alice\",\"username\":\"mallory\"}",
            "{\"groupId\":\"5efda6aea3f2ed2e7dd6ce05\",\"username\":\"alice\",\"colour\":1,\"colour\":2}",
            "{\"groupId\":\"5efda6aea3f2ed2e7dd6ce05\",\"username\":\"alice\",\"x\":{\"a\":1,\"a\":2}}"})
    void duplicateFieldsAreRefusedEvenInIgnoredObjects(String json) {
        assertThatThrownBy(() -> codec.decode(bytes(json), CertificateRequest.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Duplicate field");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "hello", "\"hello\"", "[]", "[{\"username\":\"alice\"}]", "{\"username\":", "42"})
    void bytesThatAreNotAJsonObjectAreRefused(String json) {
        assertThatThrownBy(() -> codec.decode(bytes(json), CertificateRequest.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMapperHandedOutIsACopyThatFollowsTheSameRules() {
        var mapper = codec.mapper();

        assertThat(mapper).isNotSameAs(codec.mapper());
        assertThatThrownBy(() -> mapper.readTree("{\"a\":1,\"a\":2}")).hasMessageContaining("Duplicate field");
    }

    @Test
    void aProjectHasACustomerCaOnlyWhileCasIsSetAndNotBlank() {
        assertThat(Fixtures.customerCa().customerX509Enabled()).isTrue();
        assertThat(Fixtures.customerCaCleared().customerX509Enabled()).isFalse();
        assertThat(codec.decode(bytes("{\"groupId\":\"5efda6aea3f2ed2e7dd6ce05\",\"customerX509\":{}}"),
                UserSecurity.class).customerX509Enabled()).isFalse();
        assertThat(UserSecurity.of(Fixtures.GROUP_ID, new UserSecurity.CustomerX509(" \n")).customerX509Enabled())
                .isFalse();
    }

    @Test
    void userSecurityIsWrittenAsAtlasSpellsItAndTheHelperIsNotAField() {
        JsonNode json = Schemas.tree(codec.toJson(Fixtures.customerCa(), false));

        assertThat(json.at("/customerX509/cas").asText()).isEqualTo(Fixtures.CA_PEM);
        assertThat(json.has("customerX509Enabled")).isFalse();
        assertThat(codec.toJson(Fixtures.customerCaCleared(), false)).doesNotContain("customerX509", "null");
    }

    @Test
    void ledgerKeysAreGroupIdSlashUsernameSlashDecimalSerial() {
        assertThat(Topics.ledgerKey(Fixtures.GROUP_ID, "alice", Fixtures.SERIAL))
                .isEqualTo("5efda6aea3f2ed2e7dd6ce05/alice/3057694138473201217");
    }

    @Test
    void recordKeysAreGroupIdSlashUsername() {
        assertThat(Topics.key(Fixtures.GROUP_ID, "alice")).isEqualTo("5efda6aea3f2ed2e7dd6ce05/alice");
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @org.junit.jupiter.api.Test
    void aNumberOrBooleanIsNotAcceptedForATextField() {
        for (String json : new String[] {"{\"username\":42}", "{\"username\":true}", "{\"groupId\":1.5}"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventCodec.instance().decode(
                    json.getBytes(java.nio.charset.StandardCharsets.UTF_8), CertificateRequest.class))
                    .as(json).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
