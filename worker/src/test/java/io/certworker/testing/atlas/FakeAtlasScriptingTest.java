package io.certworker.testing.atlas;

import static io.certworker.testing.atlas.AtlasCalls.GROUP;
import static io.certworker.testing.atlas.AtlasCalls.OTHER_GROUP;
import static io.certworker.testing.atlas.AtlasCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Scripted answers: Atlas's errors word for word, rate limits, slow, hanging and broken connections. */
class FakeAtlasScriptingTest {
    private static final String RATE_LIMITED_PATH = "api/atlas/v2/groups/" + GROUP + "/databaseUsers/alice/certs";

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

    static Stream<Arguments> atlasErrors() {
        return Stream.of(
                Arguments.of(AtlasError.USER_NOT_MANAGED_X509, 400, "{\"detail\":\"The user does not have managed mode"
                        + " X509 enabled.\",\"error\":400,\"errorCode\":\"USER_NOT_MANAGED_X509\",\"parameters\":[],"
                        + "\"reason\":\"Bad Request\"}"),
                Arguments.of(AtlasError.CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS, 400, "{\"detail\":\"Atlas-generated X.509"
                        + " certificates have a maximum expiration of 24 months.\",\"error\":400,\"errorCode\":"
                        + "\"CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS\",\"parameters\":[],\"reason\":\"Bad Request\"}"),
                Arguments.of(AtlasError.CANNOT_GENERATE_CERT_IF_ADVANCED_X509, 400, "{\"detail\":\"The user cannot"
                        + " create managed X.509 certs if advanced mode is on.\",\"error\":400,\"errorCode\":"
                        + "\"CANNOT_GENERATE_CERT_IF_ADVANCED_X509\",\"parameters\":[],\"reason\":\"Bad Request\"}"),
                Arguments.of(AtlasError.ATLAS_GENERATED_CERTS_LIMIT_EXCEEDED, 400, "{\"detail\":\"The limit on generated"
                        + " certificates per user has been reached.\",\"error\":400,\"errorCode\":"
                        + "\"ATLAS_GENERATED_CERTS_LIMIT_EXCEEDED\",\"parameters\":[],\"reason\":\"Bad Request\"}"),
                Arguments.of(AtlasError.INVALID_GROUP_ID, 404, "{\"detail\":\"An invalid group ID " + GROUP
                        + " was specified.\",\"error\":404,\"errorCode\":\"INVALID_GROUP_ID\",\"parameters\":[\""
                        + GROUP + "\"],\"reason\":\"Not Found\"}"),
                Arguments.of(AtlasError.GROUP_NOT_FOUND, 404, "{\"detail\":\"No group with ID " + GROUP
                        + " exists.\",\"error\":404,\"errorCode\":\"GROUP_NOT_FOUND\",\"parameters\":[\"" + GROUP
                        + "\"],\"reason\":\"Not Found\"}"),
                Arguments.of(AtlasError.USERNAME_NOT_FOUND, 404, "{\"detail\":\"No user with username alice exists.\","
                        + "\"error\":404,\"errorCode\":\"USERNAME_NOT_FOUND\",\"parameters\":[\"alice\"],"
                        + "\"reason\":\"Not Found\"}"),
                Arguments.of(AtlasError.RATE_LIMITED_TOKEN_BUCKET, 429, "{\"detail\":\"Rate limit exceeded for "
                        + RATE_LIMITED_PATH + ". Please retry after 1 seconds. Request capacity: 1200. Refill rate: 500"
                        + " per 60 seconds.\",\"error\":429,\"errorCode\":\"RATE_LIMITED_TOKEN_BUCKET\",\"parameters\":"
                        + "[\"" + RATE_LIMITED_PATH + "\",1,1200,500,60],\"reason\":\"Too Many Requests\"}"),
                Arguments.of(AtlasError.UNEXPECTED_ERROR, 500, "{\"detail\":\"Unexpected error.\",\"error\":500,"
                        + "\"errorCode\":\"UNEXPECTED_ERROR\",\"parameters\":[],\"reason\":\"Internal Server Error\"}"),
                Arguments.of(AtlasError.VALIDATION_ERROR, 400, "{\"badRequestDetail\":{\"fields\":[{\"description\":"
                        + "\"must be greater than or equal to 1\",\"field\":\"monthsUntilExpiration\"}]},\"detail\":"
                        + "\"The request contained one or more invalid fields.\",\"error\":400,\"errorCode\":"
                        + "\"VALIDATION_ERROR\",\"parameters\":[],\"reason\":\"Bad Request\"}"),
                Arguments.of(AtlasError.INVALID_ATTRIBUTE, 400, "{\"detail\":\"Invalid attribute monthsUntilExpiration"
                        + " specified.\",\"error\":400,\"errorCode\":\"INVALID_ATTRIBUTE\",\"parameters\":"
                        + "[\"monthsUntilExpiration\"],\"reason\":\"Bad Request\"}"));
    }

    @ParameterizedTest(name = "{0} is answered with Atlas''s status, body and X-Error-Code")
    @MethodSource("atlasErrors")
    void eachScriptedErrorIsAnsweredWithAtlasesBodyAndErrorCodeHeader(AtlasError error, int status, String body)
            throws Exception {
        atlas.enqueue(Response.error(error));

        HttpResponse<String> answer = calls.create(token, GROUP, "alice", 3);

        assertThat(answer.statusCode()).isEqualTo(status).isEqualTo(error.status());
        assertThat(answer.body()).isEqualTo(body);
        assertThat(answer.headers().firstValue("X-Error-Code")).hasValue(error.name());
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(atlas.mintedSerials()).isEmpty();
    }

    @Test
    void groupNotFoundIsByteForByteTheRealAtlasAnswer() throws Exception {
        atlas.enqueue(Response.error(AtlasError.GROUP_NOT_FOUND));

        HttpResponse<String> answer = calls.create(token, "111111111111111111111111", "user389", 3);

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo(AtlasSamples.GROUP_NOT_FOUND_BODY);
        assertThat(answer.headers().firstValue("X-Error-Code")).hasValue("GROUP_NOT_FOUND");
    }

    @Test
    void explicitParametersReplaceTheRequestOnes() throws Exception {
        atlas.enqueue(Response.error(AtlasError.USERNAME_NOT_FOUND, "carol"));

        HttpResponse<String> answer = calls.create(token, GROUP, "alice", 3);

        assertThat(json(answer.body()).get("detail").asText()).isEqualTo("No user with username carol exists.");
        assertThat(json(answer.body()).get("parameters").get(0).asText()).isEqualTo("carol");
    }

    @Test
    void rateLimitedAnswersCarryRetryAfter() throws Exception {
        atlas.enqueue(Response.rateLimited(7));

        HttpResponse<String> answer = calls.create(token, GROUP, "alice", 3);

        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(answer.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        assertThat(answer.headers().firstValue("X-Error-Code")).hasValue("RATE_LIMITED_TOKEN_BUCKET");
        assertThat(json(answer.body()).get("detail").asText()).isEqualTo("Rate limit exceeded for " + RATE_LIMITED_PATH
                + ". Please retry after 7 seconds. Request capacity: 1200. Refill rate: 500 per 60 seconds.");
    }

    @Test
    void enqueuedResponsesAnswerInOrderThenTheDefaultIssues() throws Exception {
        atlas.enqueue(Response.serverError(), Response.status(503, "text/html", "<html>maintenance</html>")
                .withHeader("Retry-After", "3"));

        HttpResponse<String> first = calls.create(token, GROUP, "alice", 3);
        HttpResponse<String> second = calls.create(token, GROUP, "alice", 3);
        HttpResponse<String> third = calls.create(token, GROUP, "alice", 3);

        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.headers().firstValue("Content-Type")).hasValue("text/html");
        assertThat(second.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(second.headers().firstValue("X-Error-Code")).isEmpty();
        assertThat(second.body()).isEqualTo("<html>maintenance</html>");
        assertThat(third.statusCode()).isEqualTo(201);
        assertThat(atlas.mintedSerials()).containsExactly(AtlasCalls.certificate(third.body()).getSerialNumber());
        assertThat(atlas.certificateRequests()).hasSize(3);
    }

    @Test
    void unauthenticatedOrMalformedCallsDoNotUseUpTheScript() throws Exception {
        atlas.enqueue(Response.serverError());

        assertThat(calls.create("bad-token", GROUP, "alice", 3).statusCode()).isEqualTo(401);
        assertThat(calls.create(token, GROUP, "alice", 30).statusCode()).isEqualTo(400);
        assertThat(calls.create(token, GROUP, "alice", 3).statusCode()).isEqualTo(500);
    }

    @Test
    void aRuleAnswersPerGroupAndNullLeavesTheCallToTheDefault() throws Exception {
        atlas.respondWith(request -> OTHER_GROUP.equals(request.groupId())
                ? Response.error(AtlasError.GROUP_NOT_FOUND) : null);

        assertThat(calls.create(token, GROUP, "alice", 3).statusCode()).isEqualTo(201);
        assertThat(calls.create(token, OTHER_GROUP, "alice", 3).statusCode()).isEqualTo(404);

        atlas.clearScripts();
        assertThat(calls.create(token, OTHER_GROUP, "alice", 3).statusCode()).isEqualTo(201);
    }

    @Test
    void enqueuedResponsesComeBeforeTheRule() throws Exception {
        atlas.respondWith(request -> Response.error(AtlasError.USER_NOT_MANAGED_X509))
                .enqueue(Response.issue());

        assertThat(calls.create(token, GROUP, "alice", 3).statusCode()).isEqualTo(201);
        assertThat(calls.create(token, GROUP, "alice", 3).statusCode()).isEqualTo(400);
    }

    @Test
    void aSlowIssueDoesNotHoldUpOtherCalls() throws Exception {
        atlas.enqueue(Response.issueAfter(Duration.ofMillis(700)));
        long start = System.nanoTime();
        CompletableFuture<Long> slow = calls.http.sendAsync(
                        calls.create(token, GROUP, "slow", "{\"monthsUntilExpiration\":3}").build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenApply(answer -> {
                    assertThat(answer.statusCode()).isEqualTo(201);
                    return System.nanoTime();
                });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> atlas.certificateRequests().size() == 1);

        HttpResponse<String> fast = calls.create(token, GROUP, "fast", 3);
        long fastDone = System.nanoTime();

        assertThat(fast.statusCode()).isEqualTo(201);
        long slowDone = slow.get();
        assertThat(fastDone).isLessThan(slowDone);
        assertThat(Duration.ofNanos(slowDone - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(atlas.mintedCertificates()).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=fast", "CN=slow");
    }

    @Test
    void aHangingAnswerTimesTheClientOutWhileOtherCallsGoOn() throws Exception {
        atlas.enqueue(Response.hang(Duration.ofSeconds(30)));

        assertThatThrownBy(() -> calls.send(calls.create(token, GROUP, "alice", "{}")
                .timeout(Duration.ofMillis(300)).build()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(calls.create(token, GROUP, "alice", 3).statusCode()).isEqualTo(201);
        assertThat(atlas.mintedSerials()).hasSize(1);
        assertThat(atlas.certificateRequests()).hasSize(2);
    }

    @Test
    void aResetConnectionFailsTheCallWithoutAnAnswerOrACertificate() throws Exception {
        atlas.enqueue(Response.resetConnection());

        assertThatThrownBy(() -> calls.create(token, GROUP, "alice", 3))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
        assertThat(atlas.certificateRequests()).hasSize(1);
        assertThat(atlas.mintedSerials()).isEmpty();
        assertThat(calls.create(token, GROUP, "alice", 3).statusCode()).isEqualTo(201);
    }

    @Test
    void anEnforcedRateLimitRefusesAnEmptyBucketPerGroupUntilItRefills() throws Exception {
        atlas.enforceRateLimit(2, 60);

        HttpResponse<String> first = calls.create(token, GROUP, "alice", 3);
        HttpResponse<String> second = calls.create(token, GROUP, "alice", 3);
        HttpResponse<String> third = calls.create(token, GROUP, "alice", 3);

        assertThat(first.headers().firstValue("RateLimit-Limit")).hasValue("2");
        assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("1");
        assertThat(second.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(third.body()).get("parameters").toString())
                .isEqualTo("[\"" + RATE_LIMITED_PATH + "\",1,2,60,60]");
        assertThat(calls.create(token, OTHER_GROUP, "alice", 3).statusCode()).as("another group").isEqualTo(201);

        atlas.advanceClock(Duration.ofSeconds(1));
        assertThat(calls.create(token, GROUP, "alice", 3).statusCode()).isEqualTo(201);
        assertThat(atlas.mintedSerials()).hasSize(4);
    }

    @Test
    void concurrentCallsAllGetTheirOwnCertificate() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        IntStream.range(0, 24).forEach(i -> answers.add(calls.http.sendAsync(
                calls.create(token, GROUP, "user" + i, "{\"monthsUntilExpiration\":3}").build(),
                HttpResponse.BodyHandlers.ofString())));

        List<BigInteger> serials = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            assertThat(answer.get().statusCode()).isEqualTo(201);
            serials.add(AtlasCalls.certificate(answer.get().body()).getSerialNumber());
        }
        assertThat(serials).doesNotHaveDuplicates();
        assertThat(atlas.mintedSerials()).containsExactlyInAnyOrderElementsOf(serials);
        assertThat(atlas.requests()).extracting(RecordedRequest::sequence)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 25).mapToObj(Long::valueOf).toList());
    }

    @Test
    void aRuleThatThrowsShowsUpAsA500WithTheTrace() throws Exception {
        atlas.respondWith(request -> {
            throw new IllegalStateException("broken rule");
        });

        HttpResponse<String> answer = calls.create(token, GROUP, "alice", 3);

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).contains("broken rule");
    }
}
