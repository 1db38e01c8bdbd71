package io.certworker.testing.atlas;

import static io.certworker.testing.atlas.AtlasCalls.GROUP;
import static io.certworker.testing.atlas.AtlasCalls.OTHER_GROUP;
import static io.certworker.testing.atlas.AtlasCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Atlas's protocol rules the fake enforces without any script: versioned media types, body checks, paths. */
class FakeAtlasProtocolTest {
    private final FakeAtlas atlas = FakeAtlas.start();
    private final AtlasCalls calls = new AtlasCalls(atlas);
    private String token;

    @BeforeEach
    void authenticate() throws Exception {
        token = calls.token();
    }

    @AfterEach
    void stop() {
        atlas.close();
    }

    @Test
    void aCallWithoutAcceptGets406() throws Exception {
        HttpResponse<String> answer = calls.send(HttpRequest.newBuilder(
                        URI.create(atlas.baseUrl() + FakeAtlas.certificatesPath(GROUP, "alice")))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", FakeAtlas.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString("{\"monthsUntilExpiration\":3}"))
                .build());

        assertThat(answer.statusCode()).isEqualTo(406);
        assertThat(answer.headers().firstValue("X-Error-Code")).hasValue("INVALID_VERSION_DATE");
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.body()).isEqualTo("{\"detail\":\"Invalid accept header or version date.\",\"error\":406,"
                + "\"errorCode\":\"INVALID_VERSION_DATE\",\"parameters\":[],\"reason\":\"Not Acceptable\"}");
        assertThat(atlas.mintedSerials()).isEmpty();
        assertThat(atlas.certificateRequests()).hasSize(1);
    }

    @Test
    void anotherApiVersionGets406() throws Exception {
        HttpResponse<String> answer = calls.send(calls.create(token, GROUP, "alice", "{}")
                .setHeader("Accept", "application/vnd.atlas.2024-08-05+json").build());

        assertThat(answer.statusCode()).isEqualTo(406);
    }

    @Test
    void theVersionedTypeMayBeOneOfSeveralAcceptedTypes() throws Exception {
        HttpResponse<String> answer = calls.send(calls.create(token, GROUP, "alice", "{}")
                .setHeader("Accept", "application/json, application/vnd.atlas.2023-01-01+json;charset=utf-8").build());

        assertThat(answer.statusCode()).isEqualTo(201);
    }

    @Test
    void aPlainJsonContentTypeGets415() throws Exception {
        HttpResponse<String> answer = calls.send(calls.create(token, GROUP, "alice", "{\"monthsUntilExpiration\":3}")
                .setHeader("Content-Type", "application/json").build());

        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(answer.headers().firstValue("X-Error-Code")).hasValue("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void aCharsetOnTheContentTypeIsFine() throws Exception {
        HttpResponse<String> answer = calls.send(calls.create(token, GROUP, "alice", "{\"monthsUntilExpiration\":3}")
                .setHeader("Content-Type", FakeAtlas.MEDIA_TYPE + "; charset=UTF-8").build());

        assertThat(answer.statusCode()).isEqualTo(201);
    }

    @Test
    void anEmptyBodyMeansThreeMonthsAndTwentyFourMonthsIsTheMaximum() throws Exception {
        X509Certificate threeMonths = AtlasCalls.certificate(calls.send(calls.create(token, GROUP, "alice", "").build())
                .body());
        X509Certificate twoYears = AtlasCalls.certificate(calls.create(token, GROUP, "alice", 24).body());

        assertThat(threeMonths.getNotAfter().toInstant()).isEqualTo(
                threeMonths.getNotBefore().toInstant().plus(Duration.ofHours(1)).atZone(ZoneOffset.UTC)
                        .plusMonths(3).toInstant());
        assertThat(twoYears.getNotAfter().toInstant()).isEqualTo(
                twoYears.getNotBefore().toInstant().plus(Duration.ofHours(1)).atZone(ZoneOffset.UTC)
                        .plusMonths(24).toInstant());
    }

    @Test
    void moreThanTwentyFourMonthsIsRefusedLikeAtlas() throws Exception {
        HttpResponse<String> answer = calls.create(token, GROUP, "alice", 25);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"detail\":\"Atlas-generated X.509 certificates have a maximum expiration"
                + " of 24 months.\",\"error\":400,\"errorCode\":\"CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS\","
                + "\"parameters\":[],\"reason\":\"Bad Request\"}");
        assertThat(atlas.mintedSerials()).isEmpty();
    }

    @Test
    void lessThanOneMonthIsAValidationError() throws Exception {
        HttpResponse<String> answer = calls.create(token, GROUP, "alice", 0);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"badRequestDetail\":{\"fields\":[{\"description\":\"must be greater than"
                + " or equal to 1\",\"field\":\"monthsUntilExpiration\"}]},\"detail\":\"The request contained one or"
                + " more invalid fields.\",\"error\":400,\"errorCode\":\"VALIDATION_ERROR\",\"parameters\":[],"
                + "\"reason\":\"Bad Request\"}");
    }

    @Test
    void anUnknownMemberIsAnInvalidAttribute() throws Exception {
        HttpResponse<String> answer = calls.send(calls.create(token, GROUP, "alice", "{\"months\":3}").build());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"detail\":\"Invalid attribute months specified.\",\"error\":400,"
                + "\"errorCode\":\"INVALID_ATTRIBUTE\",\"parameters\":[\"months\"],\"reason\":\"Bad Request\"}");
    }

    @Test
    void aBodyThatIsNotJsonIsInvalidJson() throws Exception {
        HttpResponse<String> answer = calls.send(calls.create(token, GROUP, "alice", "{months: 3").build());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("X-Error-Code")).hasValue("INVALID_JSON");
    }

    @Test
    void aMalformedGroupIdIsAnInvalidGroupId() throws Exception {
        HttpResponse<String> answer = calls.create(token, "not-a-group", "alice", 3);

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo("{\"detail\":\"An invalid group ID not-a-group was specified.\",\"error\":404,"
                + "\"errorCode\":\"INVALID_GROUP_ID\",\"parameters\":[\"not-a-group\"],\"reason\":\"Not Found\"}");
    }

    @Test
    void anUnknownPathIsResourceNotFound() throws Exception {
        HttpResponse<String> answer = calls.send(HttpRequest.newBuilder(
                URI.create(atlas.baseUrl() + "/api/atlas/v2/groups/" + GROUP + "/clusters")).GET().build());

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(json(answer.body()).get("errorCode").asText()).isEqualTo("RESOURCE_NOT_FOUND");
        assertThat(atlas.requests()).last().extracting(RecordedRequest::groupId).isNull();
    }

    @Test
    void aUsernameWithSlashSpacePlusAndUnicodeRoundTripsThroughPercentEncoding() throws Exception {
        String username = "ops/team lead+✓ Zoë";
        String path = FakeAtlas.certificatesPath(GROUP, username);
        assertThat(path).endsWith("/databaseUsers/ops%2Fteam%20lead%2B%E2%9C%93%20Zo%C3%AB/certs");

        HttpResponse<String> answer = calls.create(token, GROUP, username, 3);

        assertThat(answer.statusCode()).isEqualTo(201);
        RecordedRequest recorded = atlas.certificateRequests().get(0);
        assertThat(recorded.path()).isEqualTo(path);
        assertThat(recorded.username()).isEqualTo(username);
        X509Certificate certificate = AtlasCalls.certificate(answer.body());
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        assertThat(subject.getRDNs()).hasSize(1);
        assertThat(subject.getRDNs()[0].getFirst().getValue().toString()).isEqualTo(username);
    }

    @Test
    void aPlusInAPathSegmentIsAPlus() {
        assertThat(FakeAtlas.decodePathSegment("a+b%20c")).isEqualTo("a+b c");
        assertThat(FakeAtlas.decodePathSegment("bad%2")).isNull();
        assertThat(FakeAtlas.decodePathSegment("%C3")).as("not UTF-8").isNull();
    }

    @Test
    void mintedCertificatesHaveTheShapeOfARealAtlasCertificate() throws Exception {
        X509CertificateHolder ours = new X509CertificateHolder(
                AtlasCalls.certificate(calls.create(token, GROUP, "user389", 3).body()).getEncoded());
        X509CertificateHolder atlasOwn = new X509CertificateHolder(((X509Certificate) CertificateFactory
                .getInstance("X.509").generateCertificate(new ByteArrayInputStream(
                        AtlasSamples.MANAGED_CERTIFICATE.getBytes(StandardCharsets.US_ASCII)))).getEncoded());

        assertThat(ours.getVersionNumber()).isEqualTo(atlasOwn.getVersionNumber());
        assertThat(ours.getSerialNumber().toByteArray()).hasSameSizeAs(atlasOwn.getSerialNumber().toByteArray());
        assertThat(ours.getExtensions().getExtensionOIDs()).containsExactly(atlasOwn.getExtensions().getExtensionOIDs());
        for (ASN1ObjectIdentifier oid : atlasOwn.getExtensions().getExtensionOIDs()) {
            assertThat(ours.getExtension(oid).isCritical()).isEqualTo(atlasOwn.getExtension(oid).isCritical());
            assertThat(ours.getExtension(oid).getExtnValue()).isEqualTo(atlasOwn.getExtension(oid).getExtnValue());
        }
        assertThat(ours.getIssuer()).isEqualTo(atlasOwn.getIssuer());
        assertThat(ours.getSubject()).isEqualTo(atlasOwn.getSubject());
        assertThat(typesAndStrings(ours.getIssuer())).isEqualTo(typesAndStrings(atlasOwn.getIssuer()));
        assertThat(typesAndStrings(ours.getSubject())).isEqualTo(typesAndStrings(atlasOwn.getSubject()));
        assertThat(ours.getEncoded()).isNotEqualTo(atlasOwn.getEncoded());
    }

    private static List<String> typesAndStrings(X500Name name) {
        return java.util.Arrays.stream(name.getRDNs()).map(RDN::getFirst)
                .map((AttributeTypeAndValue value) -> value.getType() + "=" + value.getValue().getClass().getSimpleName())
                .toList();
    }

    @Test
    void rsaKeysCanBeAskedFor() throws Exception {
        atlas.keyAlgorithm("RSA");

        HttpResponse<String> answer = calls.create(token, GROUP, "alice", 3);

        X509Certificate certificate = AtlasCalls.certificate(answer.body());
        assertThat(certificate.getPublicKey()).isInstanceOf(RSAPublicKey.class);
        assertThat(((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(AtlasCalls.privateKey(answer.body(), "RSA").getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void eachGroupHasItsOwnCa() throws Exception {
        X509Certificate first = AtlasCalls.certificate(calls.create(token, GROUP, "alice", 3).body());
        X509Certificate second = AtlasCalls.certificate(calls.create(token, OTHER_GROUP, "alice", 3).body());

        first.verify(atlas.caCertificate(GROUP).getPublicKey());
        second.verify(atlas.caCertificate(OTHER_GROUP).getPublicKey());
        assertThat(atlas.caCertificate(GROUP).getPublicKey()).isNotEqualTo(atlas.caCertificate(OTHER_GROUP).getPublicKey());
        assertThat(atlas.caCertificate(GROUP).getSubjectX500Principal()).isEqualTo(first.getIssuerX500Principal());
    }

    @Test
    void theListEndpointShowsTheUsersMintedCertificatesLikeAtlas() throws Exception {
        BigInteger first = AtlasCalls.certificate(calls.create(token, GROUP, "alice", 3).body()).getSerialNumber();
        BigInteger second = AtlasCalls.certificate(calls.create(token, GROUP, "alice", 6).body()).getSerialNumber();
        calls.create(token, GROUP, "bob", 3);

        HttpResponse<String> answer = calls.send(HttpRequest.newBuilder(
                        URI.create(atlas.baseUrl() + FakeAtlas.certificatesPath(GROUP, "alice")))
                .header("Authorization", "Bearer " + token)
                .header("Accept", FakeAtlas.MEDIA_TYPE)
                .GET().build());

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode list = json(answer.body());
        assertThat(list.get("totalCount").asInt()).isEqualTo(2);
        assertThat(list.at("/links/0/rel").asText()).isEqualTo("self");
        assertThat(list.at("/links/0/href").asText()).isEqualTo(atlas.baseUrl()
                + FakeAtlas.certificatesPath(GROUP, "alice") + "?includeCount=true&pageNum=1&itemsPerPage=100");
        assertThat(list.get("results")).extracting(result -> result.get("_id").bigIntegerValue())
                .containsExactlyInAnyOrder(first, second);
        JsonNode result = list.at("/results/0");
        assertThat(result.get("_id").isIntegralNumber()).isTrue();
        assertThat(result.get("groupId").asText()).isEqualTo(GROUP);
        assertThat(result.get("subject").asText()).isEqualTo("CN=alice");
        assertThat(result.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(result.get("notAfter").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(atlas.certificateRequests()).hasSize(3);
    }
}
