package io.certworker.testing.atlas;

import static io.certworker.testing.atlas.AtlasCalls.GROUP;
import static io.certworker.testing.atlas.AtlasCalls.PRIVATE_KEY;
import static io.certworker.testing.atlas.AtlasCalls.PUBLIC_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** API-key auth: HTTP Digest, proven with Apache HttpClient 5 and checked by hand. */
class FakeAtlasDigestTest {
    private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

    private final FakeAtlas atlas = FakeAtlas.start().apiKey(PUBLIC_KEY, PRIVATE_KEY);
    private final AtlasCalls calls = new AtlasCalls(atlas);

    private record Answer(int status, String body, String errorCode) {
    }

    @AfterEach
    void stop() {
        atlas.close();
    }

    private Answer createWithApacheClient(String publicKey, String privateKey, String username) throws Exception {
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        credentials.setCredentials(new AuthScope("127.0.0.1", atlas.port()),
                new UsernamePasswordCredentials(publicKey, privateKey.toCharArray()));
        try (CloseableHttpClient client = HttpClients.custom().setDefaultCredentialsProvider(credentials).build()) {
            HttpPost post = new HttpPost(atlas.baseUrl() + FakeAtlas.certificatesPath(GROUP, username));
            post.setHeader("Accept", FakeAtlas.MEDIA_TYPE);
            post.setEntity(new StringEntity("{\"monthsUntilExpiration\":6}", ContentType.create(FakeAtlas.MEDIA_TYPE)));
            return client.execute(post, response -> new Answer(response.getCode(),
                    EntityUtils.toString(response.getEntity()),
                    response.getFirstHeader("X-Error-Code") == null ? null
                            : response.getFirstHeader("X-Error-Code").getValue()));
        }
    }

    @Test
    void apacheHttpClientAnswersTheDigestChallengeByItselfAndGetsACertificate() throws Exception {
        Answer answer = createWithApacheClient(PUBLIC_KEY, PRIVATE_KEY, "alice");

        assertThat(answer.status()).isEqualTo(201);
        assertThat(AtlasCalls.certificate(answer.body()).getSubjectX500Principal())
                .isEqualTo(new X500Principal("CN=alice"));
        assertThat(atlas.requests()).hasSize(2);
        assertThat(atlas.requests().get(0).authenticated()).as("the unauthenticated first try").isFalse();
        RecordedRequest second = atlas.requests().get(1);
        assertThat(second.authScheme()).isEqualTo("Digest");
        assertThat(second.principal()).isEqualTo(PUBLIC_KEY);
        assertThat(second.header("Authorization")).hasValueSatisfying(header -> assertThat(header)
                .startsWith("Digest ").contains("username=\"" + PUBLIC_KEY + "\"").contains("qop=auth"));
        assertThat(atlas.certificateRequests()).containsExactly(second);
        assertThat(atlas.mintedSerials()).hasSize(1);
    }

    @Test
    void aWrongPrivateKeyEndsIn401() throws Exception {
        Answer answer = createWithApacheClient(PUBLIC_KEY, "wrong", "alice");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("UNEXPECTED_ERROR");
        assertThat(answer.body()).isEqualTo("{\"detail\":\"You are not authorized for this resource.\",\"error\":401,"
                + "\"errorCode\":\"UNEXPECTED_ERROR\",\"parameters\":[],\"reason\":\"Unauthorized\"}");
        assertThat(atlas.certificateRequests()).isEmpty();
        assertThat(atlas.mintedSerials()).isEmpty();
    }

    @Test
    void anUnknownPublicKeyEndsIn401() throws Exception {
        assertThat(createWithApacheClient("someone-else", PRIVATE_KEY, "alice").status()).isEqualTo(401);
    }

    @Test
    void theChallengeIsAtlasesWordForWord() throws Exception {
        HttpResponse<String> answer = calls.send(unauthenticated().build());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge -> assertThat(challenge)
                .matches("Digest realm=\"MMS Public API\", domain=\"\", nonce=\"[A-Za-z0-9_-]+\", algorithm=MD5, "
                        + "qop=\"auth\", stale=false"));
    }

    @Test
    void aHandComputedDigestForAnIssuedNonceIsAccepted() throws Exception {
        String nonce = challengeNonce();

        HttpResponse<String> answer = calls.send(withDigest(nonce, PRIVATE_KEY).build());

        assertThat(answer.statusCode()).isEqualTo(201);
    }

    @Test
    void aNonceTheFakeNeverIssuedIsRefusedAsStale() throws Exception {
        HttpResponse<String> answer = calls.send(withDigest("forged-nonce", PRIVATE_KEY).build());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).endsWith("stale=true"));
        assertThat(atlas.mintedSerials()).isEmpty();
    }

    @Test
    void aWrongDigestResponseIsNotStale() throws Exception {
        HttpResponse<String> answer = calls.send(withDigest(challengeNonce(), "wrong").build());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).endsWith("stale=false"));
    }

    @Test
    void digestParametersAreParsedWithQuotesAndCommas() {
        Map<String, String> parameters = DigestAuth.parse(
                "Digest username=\"a,b\", realm=\"MMS Public API\", nc=00000001, qop=auth, uri=\"/x?y=1\"");

        assertThat(parameters).containsEntry("username", "a,b").containsEntry("realm", "MMS Public API")
                .containsEntry("nc", "00000001").containsEntry("qop", "auth").containsEntry("uri", "/x?y=1");
    }

    private static String md5(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder unauthenticated() {
        return HttpRequest.newBuilder(URI.create(atlas.baseUrl() + FakeAtlas.certificatesPath(GROUP, "alice")))
                .header("Accept", FakeAtlas.MEDIA_TYPE)
                .header("Content-Type", FakeAtlas.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString("{\"monthsUntilExpiration\":3}"));
    }

    private String challengeNonce() throws Exception {
        String challenge = calls.send(unauthenticated().build()).headers().firstValue("WWW-Authenticate").orElseThrow();
        Matcher nonce = NONCE.matcher(challenge);
        assertThat(nonce.find()).isTrue();
        return nonce.group(1);
    }

    private HttpRequest.Builder withDigest(String nonce, String password) {
        String uri = FakeAtlas.certificatesPath(GROUP, "alice");
        // RFC 2617 3.2.2.1, computed here rather than with the fake's own code.
        String ha1 = md5(PUBLIC_KEY + ":MMS Public API:" + password);
        String ha2 = md5("POST:" + uri);
        String response = md5(ha1 + ":" + nonce + ":00000001:0a4f113b:auth:" + ha2);
        return unauthenticated().header("Authorization", "Digest username=\"" + PUBLIC_KEY + "\", realm=\""
                + FakeAtlas.REALM + "\", nonce=\"" + nonce + "\", uri=\"" + uri + "\", response=\"" + response
                + "\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", algorithm=MD5");
    }
}
