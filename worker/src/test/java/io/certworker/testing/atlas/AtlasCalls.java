package io.certworker.testing.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Calls to a {@link FakeAtlas} with the JDK's HttpClient, as a worker would make them. */
final class AtlasCalls {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final String OTHER_GROUP = "b0123456789abcdef012345b";
    static final String CLIENT_ID = "mdb_sa_id_65f1a2b3c4d5e6f7a8b9c0d1";
    static final String CLIENT_SECRET = "mdb_sa_sk_s3cr3t";
    static final String PUBLIC_KEY = "abcdefgh";
    static final String PRIVATE_KEY = "9a1c3e4f-0000-4b2a-8d7e-1234567890ab";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----\n([A-Za-z0-9+/=\n]+)-----END \\1-----\n");

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final FakeAtlas atlas;

    AtlasCalls(FakeAtlas atlas) {
        this.atlas = atlas;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> tokenCall(String clientId, String clientSecret) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(atlas.baseUrl() + FakeAtlas.TOKEN_PATH))
                .header("Authorization", basic(clientId, clientSecret))
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A token for the standard service account (which this configures). */
    String token() throws IOException, InterruptedException {
        atlas.serviceAccount(CLIENT_ID, CLIENT_SECRET);
        HttpResponse<String> response = tokenCall(CLIENT_ID, CLIENT_SECRET);
        if (response.statusCode() != 200) {
            throw new AssertionError("token call answered " + response.statusCode() + " " + response.body());
        }
        return json(response.body()).get("access_token").asText();
    }

    /** A well-formed create request with a Bearer token. */
    HttpRequest.Builder create(String token, String groupId, String username, String body) {
        return HttpRequest.newBuilder(URI.create(atlas.baseUrl() + FakeAtlas.certificatesPath(groupId, username)))
                .header("Authorization", "Bearer " + token)
                .header("Accept", FakeAtlas.MEDIA_TYPE)
                .header("Content-Type", FakeAtlas.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    HttpResponse<String> create(String token, String groupId, String username, int months)
            throws IOException, InterruptedException {
        return send(create(token, groupId, username, "{\"monthsUntilExpiration\":" + months + "}").build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    /** The certificate of a 201 answer (its first PEM block). */
    static X509Certificate certificate(String pem) throws Exception {
        Matcher block = PEM_BLOCK.matcher(pem);
        if (!block.find() || !block.group(1).equals("CERTIFICATE")) {
            throw new AssertionError("no certificate first in " + pem);
        }
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(block.group().getBytes(StandardCharsets.US_ASCII)));
    }

    /** The PKCS#8 private key of a 201 answer (its second PEM block). */
    static PrivateKey privateKey(String pem, String algorithm) throws Exception {
        Matcher block = PEM_BLOCK.matcher(pem);
        if (!block.find() || !block.find() || !block.group(1).equals("PRIVATE KEY")) {
            throw new AssertionError("no PRIVATE KEY second in " + pem);
        }
        byte[] der = Base64.getMimeDecoder().decode(block.group(2));
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
