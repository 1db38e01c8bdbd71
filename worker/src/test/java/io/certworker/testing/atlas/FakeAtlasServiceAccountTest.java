package io.certworker.testing.atlas;

import static io.certworker.testing.atlas.AtlasCalls.CLIENT_ID;
import static io.certworker.testing.atlas.AtlasCalls.CLIENT_SECRET;
import static io.certworker.testing.atlas.AtlasCalls.GROUP;
import static io.certworker.testing.atlas.AtlasCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service-account flow, proven with the JDK's HttpClient: Basic → token → Bearer → 201 with a real certificate. */
class FakeAtlasServiceAccountTest {
    private final FakeAtlas atlas = FakeAtlas.start();
    private final AtlasCalls calls = new AtlasCalls(atlas);

    @AfterEach
    void stop() {
        atlas.close();
    }

    @Test
    void theFakeListensOnLoopbackAtAFreePort() {
        assertThat(atlas.baseUrl()).isEqualTo("http://127.0.0.1:" + atlas.port());
        assertThat(atlas.port()).isPositive();
    }

    @Test
    void aServiceAccountGetsABearerTokenThatIssuesACertificateLikeAtlas() throws Exception {
        atlas.serviceAccount(CLIENT_ID, CLIENT_SECRET);
        HttpResponse<String> tokenAnswer = calls.tokenCall(CLIENT_ID, CLIENT_SECRET);
        assertThat(tokenAnswer.statusCode()).isEqualTo(200);
        assertThat(tokenAnswer.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode token = json(tokenAnswer.body());
        assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(token.get("access_token").asText()).isNotBlank();

        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> answer = calls.create(token.get("access_token").asText(), GROUP, "alice", 3);
        Instant after = Instant.now();

        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValue("application/vnd.atlas.2023-01-01+json;charset=utf-8");
        assertThat(answer.headers().firstValue("RateLimit-Limit")).hasValue("1200");
        assertThat(answer.headers().firstValue("RateLimit-Remaining")).hasValue("1199");
        assertThat(answer.body()).startsWith("-----BEGIN CERTIFICATE-----\n")
                .contains("-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");

        X509Certificate certificate = AtlasCalls.certificate(answer.body());
        assertThat(certificate.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=alice"));
        // RFC 2253 strings list RDNs last first: this is CN, then OU, then O in the DER, as in Atlas's certificates.
        assertThat(certificate.getIssuerX500Principal())
                .isEqualTo(new X500Principal("O=MongoDB Inc, OU=Atlas, CN=" + GROUP));
        assertThat(certificate.getVersion()).isEqualTo(3);
        BigInteger serial = certificate.getSerialNumber();
        assertThat(serial.signum()).isPositive();
        assertThat(serial.toByteArray()).hasSize(8);
        assertThat(certificate.getNotBefore().toInstant())
                .isBetween(before.minus(Duration.ofHours(1)), after.minus(Duration.ofHours(1)));
        assertThat(certificate.getNotAfter().toInstant())
                .isEqualTo(certificate.getNotBefore().toInstant().plus(Duration.ofHours(1))
                        .atZone(ZoneOffset.UTC).plusMonths(3).toInstant());

        X509CertificateHolder holder = new X509CertificateHolder(certificate.getEncoded());
        assertThat(holder.getExtensions().getExtensionOIDs())
                .containsExactly(Extension.keyUsage, Extension.extendedKeyUsage);
        assertThat(holder.getExtension(Extension.keyUsage).isCritical()).isTrue();
        assertThat(KeyUsage.fromExtensions(holder.getExtensions())).isEqualTo(new KeyUsage(KeyUsage.digitalSignature));
        assertThat(holder.getExtension(Extension.extendedKeyUsage).isCritical()).isTrue();
        assertThat(ExtendedKeyUsage.fromExtensions(holder.getExtensions()).getUsages())
                .containsExactly(KeyPurposeId.id_kp_clientAuth);

        certificate.verify(atlas.caCertificate(GROUP).getPublicKey());
        PrivateKey key = AtlasCalls.privateKey(answer.body(), "EC");
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update("proof".getBytes(StandardCharsets.UTF_8));
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update("proof".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(signature)).as("the key belongs to the certificate").isTrue();

        assertThat(atlas.mintedSerials()).containsExactly(serial);
        assertThat(atlas.tokenRequests()).isEqualTo(1);
        RecordedRequest recorded = atlas.certificateRequests().get(0);
        assertThat(recorded.groupId()).isEqualTo(GROUP);
        assertThat(recorded.username()).isEqualTo("alice");
        assertThat(recorded.body()).isEqualTo("{\"monthsUntilExpiration\":3}");
        assertThat(recorded.authScheme()).isEqualTo("Bearer");
        assertThat(recorded.principal()).isEqualTo(CLIENT_ID);
        assertThat(recorded.header("accept")).hasValue(FakeAtlas.MEDIA_TYPE);
        assertThat(recorded.monthsUntilExpiration()).hasValue(3);
    }

    @Test
    void wrongClientCredentialsGet401FromTheTokenEndpoint() throws Exception {
        atlas.serviceAccount(CLIENT_ID, CLIENT_SECRET);

        HttpResponse<String> answer = calls.tokenCall(CLIENT_ID, "wrong");

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("X-Error-Code")).hasValue("UNAUTHORIZED");
        assertThat(answer.body()).isEqualTo("{\"detail\":\"Invalid client credentials.\",\"error\":401,"
                + "\"errorCode\":\"UNAUTHORIZED\",\"parameters\":[],\"reason\":\"Unauthorized\"}");
        assertThat(atlas.tokenRequests()).isEqualTo(1);
    }

    @Test
    void aFreshFakeAcceptsNoCredentialsAtAll() throws Exception {
        assertThat(calls.tokenCall(CLIENT_ID, CLIENT_SECRET).statusCode()).isEqualTo(401);
        HttpResponse<String> answer = calls.create("made-up", GROUP, "alice", 3);
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).isEqualTo("{\"detail\":\"You are not authorized for this resource.\",\"error\":401,"
                + "\"errorCode\":\"UNEXPECTED_ERROR\",\"parameters\":[],\"reason\":\"Unauthorized\"}");
        assertThat(atlas.certificateRequests()).isEmpty();
        assertThat(atlas.requests()).hasSize(2);
    }

    @Test
    void theTokenEndpointWantsTheClientCredentialsGrantAsAForm() throws Exception {
        atlas.serviceAccount(CLIENT_ID, CLIENT_SECRET);
        HttpResponse<String> answer = calls.send(HttpRequest.newBuilder(
                        URI.create(atlas.baseUrl() + FakeAtlas.TOKEN_PATH))
                .header("Authorization", AtlasCalls.basic(CLIENT_ID, CLIENT_SECRET))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}"))
                .build());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(json(answer.body()).at("/badRequestDetail/fields/0/field").asText()).isEqualTo("grant_type");
    }

    @Test
    void anExpiredTokenGets401() throws Exception {
        atlas.tokenLifetime(Duration.ofMinutes(5));
        String token = calls.token();
        assertThat(calls.create(token, GROUP, "alice", 3).statusCode()).isEqualTo(201);

        atlas.advanceClock(Duration.ofMinutes(5));
        HttpResponse<String> answer = calls.create(token, GROUP, "alice", 3);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(json(answer.body()).get("errorCode").asText()).isEqualTo("UNEXPECTED_ERROR");
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Digest realm=\"MMS Public API\""));
        assertThat(atlas.mintedSerials()).hasSize(1);
    }

    @Test
    void expiresInIsTheConfiguredLifetime() throws Exception {
        atlas.serviceAccount(CLIENT_ID, CLIENT_SECRET).tokenLifetime(Duration.ofSeconds(90));
        assertThat(json(calls.tokenCall(CLIENT_ID, CLIENT_SECRET).body()).get("expires_in").asLong()).isEqualTo(90);
    }

    @Test
    void revokedTokensGet401AndANewTokenWorksAgain() throws Exception {
        String token = calls.token();
        atlas.revokeAllTokens();

        assertThat(calls.create(token, GROUP, "alice", 3).statusCode()).isEqualTo(401);
        assertThat(calls.create(calls.token(), GROUP, "alice", 3).statusCode()).isEqualTo(201);
        assertThat(atlas.tokenRequests()).isEqualTo(2);
        assertThat(atlas.certificateRequests()).hasSize(1);
    }

    @Test
    void tokenCallsCanBeScripted() throws Exception {
        atlas.serviceAccount(CLIENT_ID, CLIENT_SECRET)
                .enqueueTokenResponses(Response.status(503, "text/html", "<html>down</html>"), Response.rateLimited(7));

        assertThat(calls.tokenCall(CLIENT_ID, CLIENT_SECRET).statusCode()).isEqualTo(503);
        HttpResponse<String> limited = calls.tokenCall(CLIENT_ID, CLIENT_SECRET);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(calls.tokenCall(CLIENT_ID, CLIENT_SECRET).statusCode()).isEqualTo(200);
        assertThat(atlas.tokenRequests()).isEqualTo(3);
    }

    @Test
    void everyRequestIsRecordedInOrder() throws Exception {
        String token = calls.token();
        calls.create(token, GROUP, "alice", 3);
        calls.create("bad", GROUP, "bob", 3);

        List<RecordedRequest> requests = atlas.requests();
        assertThat(requests).extracting(RecordedRequest::sequence).containsExactly(1L, 2L, 3L);
        assertThat(requests).extracting(RecordedRequest::path).containsExactly(FakeAtlas.TOKEN_PATH,
                FakeAtlas.certificatesPath(GROUP, "alice"), FakeAtlas.certificatesPath(GROUP, "bob"));
        assertThat(requests.get(0).authScheme()).isEqualTo("Basic");
        assertThat(requests.get(0).body()).isEqualTo("grant_type=client_credentials");
        assertThat(requests.get(2).authenticated()).isFalse();
        assertThat(atlas.certificateRequests()).extracting(RecordedRequest::username).containsExactly("alice");
    }
}
