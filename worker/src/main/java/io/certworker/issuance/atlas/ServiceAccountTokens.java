package io.certworker.issuance.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.apierror.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.core5.http.ContentType;

/**
 * Bearer tokens of a service account, fetched with the OAuth2 client-credentials grant and cached until shortly
 * before they expire. Atlas limits its token endpoint, so at most one fetch runs at a time (everyone waiting shares
 * it), a token is fetched again only when it is about to expire or Atlas refused it, and a refusal of the credentials
 * themselves is remembered for a while instead of being asked again for every request.
 */
final class ServiceAccountTokens {
    /** Renew this long before expiry (or a tenth of the lifetime, if shorter). */
    static final Duration RENEW_BEFORE = Duration.ofSeconds(60);
    /** How long a refusal of the credentials is answered from memory. */
    static final Duration REFUSAL_MEMORY = Duration.ofSeconds(30);

    private final AtlasHttp http;
    private final AtlasAnswers answers;
    private final URI tokenUri;
    private final String basicAuthorization;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    private String token;
    private Instant renewAt = Instant.MIN;
    private CompletableFuture<String> fetching;
    private AtlasAnswers.Decision refusal;
    private Instant refusalUntil = Instant.MIN;

    ServiceAccountTokens(AtlasHttp http, AtlasAnswers answers, URI baseUrl, AtlasCredentials.ServiceAccount account,
                         Clock clock) {
        this.http = http;
        this.answers = answers;
        this.tokenUri = baseUrl.resolve("/api/oauth/token");
        this.basicAuthorization = "Basic " + Base64.getEncoder().encodeToString(
                (account.clientId() + ":" + account.clientSecret()).getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
    }

    /** A valid token; fails with {@link TokenUnavailable} when none can be had. */
    synchronized CompletableFuture<String> token() {
        Instant now = clock.instant();
        if (token != null && now.isBefore(renewAt)) {
            return CompletableFuture.completedFuture(token);
        }
        if (refusal != null && now.isBefore(refusalUntil)) {
            return CompletableFuture.failedFuture(new TokenUnavailable(refusal));
        }
        if (fetching != null) {
            return fetching;
        }
        CompletableFuture<String> fetch = fetch();
        if (!fetch.isDone()) { // a fetch that failed at once must not be shared forever
            fetching = fetch;
        }
        return fetch;
    }

    /** Atlas refused {@code rejected}: forget it, so the next {@link #token()} fetches a new one. */
    synchronized void invalidate(String rejected) {
        if (rejected != null && rejected.equals(token)) {
            token = null;
            renewAt = Instant.MIN;
        }
    }

    private CompletableFuture<String> fetch() {
        SimpleHttpRequest request = SimpleRequestBuilder.post(tokenUri)
                .setHeader("Authorization", basicAuthorization)
                .setHeader("Accept", "application/json")
                .setBody("grant_type=client_credentials", ContentType.APPLICATION_FORM_URLENCODED)
                .build();
        return http.send(request).handle((answer, failure) -> {
            synchronized (this) {
                fetching = null;
                if (failure != null) {
                    throw new TokenUnavailable(answers.of(failure));
                }
                if (answer.status() != 200) {
                    AtlasAnswers.Decision decision = answers.of(answer);
                    if (decision instanceof AtlasAnswers.Refuse) {
                        refusal = decision;
                        refusalUntil = clock.instant().plus(REFUSAL_MEMORY);
                    }
                    throw new TokenUnavailable(decision);
                }
                return accept(answer.body());
            }
        });
    }

    private String accept(String body) {
        try {
            JsonNode tokenResponse = json.readTree(body);
            String accessToken = tokenResponse.path("access_token").asText(null);
            long lifetime = tokenResponse.path("expires_in").asLong(3600);
            if (accessToken == null || accessToken.isBlank()) {
                throw new IllegalArgumentException("no access_token");
            }
            Duration margin = Duration.ofSeconds(Math.min(RENEW_BEFORE.toSeconds(), lifetime / 10));
            token = accessToken;
            renewAt = clock.instant().plusSeconds(lifetime).minus(margin);
            refusal = null;
            return accessToken;
        } catch (IOException | IllegalArgumentException e) {
            throw new TokenUnavailable(new AtlasAnswers.Retry(ErrorCode.UPSTREAM_INVALID_RESPONSE
                    .error(200, "token response without an access token").asRetryable(), null));
        }
    }
}
