package io.certworker.issuance.atlas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.CertificateFailed;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.testing.EventSchemas;
import io.certworker.testing.TestWorker;
import io.certworker.testing.atlas.AtlasError;
import io.certworker.testing.atlas.FakeAtlas;
import io.certworker.testing.atlas.RecordedRequest;
import io.certworker.testing.atlas.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The worker with the Atlas issuer, end to end: a real broker, and a fake Atlas speaking Atlas's protocol on loopback. */
class AtlasIssuerIntegrationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final String OTHER_GROUP = "0123456789abcdef01234567";

    @TempDir
    Path directory;
    FakeAtlas atlas;
    TestWorker worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
        if (atlas != null) {
            atlas.close();
        }
    }

    @Test
    void aCertificateMintedByAtlasIsPublishedWithAtlasBodyUnchanged() throws Exception {
        start(Map.of());

        ConsumerRecord<byte[], byte[]> outcome = request("alice", 6);

        assertThat(outcome.topic()).isEqualTo(worker.topics().issued());
        assertThat(EventSchemas.violations(EventSchemas.ISSUED, outcome.value())).isEmpty();
        CertificateIssued issued = EventCodec.instance().decode(outcome.value(), CertificateIssued.class);
        assertThat(issued.issuer()).isEqualTo("atlas");
        assertThat(issued.subject()).isEqualTo("CN=alice");
        assertThat(issued.pem()).startsWith("-----BEGIN CERTIFICATE-----").contains("-----BEGIN PRIVATE KEY-----");
        assertThat(atlas.mintedSerials()).containsExactly(new java.math.BigInteger(issued.serialNumber()));
        assertThat(issued.createdAt()).isEqualTo(issued.notBefore());

        RecordedRequest call = atlas.certificateRequests().get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/api/atlas/v2/groups/" + GROUP + "/databaseUsers/alice/certs");
        assertThat(call.header("Accept")).contains("application/vnd.atlas.2023-01-01+json");
        assertThat(call.header("Content-Type").orElseThrow()).startsWith("application/vnd.atlas.2023-01-01+json");
        assertThat(call.monthsUntilExpiration()).hasValue(6);
        assertThat(call.authScheme()).isEqualTo("Bearer");
    }

    @Test
    void theUsernameTravelsAsOnePercentEncodedPathSegment() throws Exception {
        start(Map.of());
        worker.putUser(GROUP, "team/ops büro", X509Type.MANAGED);

        assertThat(request("team/ops büro", 3).topic()).isEqualTo(worker.topics().issued());
        assertThat(atlas.certificateRequests().get(0).username()).isEqualTo("team/ops büro");
        assertThat(atlas.certificateRequests().get(0).path()).contains("/databaseUsers/team%2Fops%20b%C3%BCro/certs");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = AtlasError.class, names = {"USER_NOT_MANAGED_X509", "CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS",
            "CANNOT_GENERATE_CERT_IF_ADVANCED_X509", "ATLAS_GENERATED_CERTS_LIMIT_EXCEEDED", "INVALID_GROUP_ID",
            "GROUP_NOT_FOUND", "USERNAME_NOT_FOUND", "VALIDATION_ERROR", "INVALID_ATTRIBUTE"})
    void eachAtlasErrorIsMirroredUnchangedAndNeverRetried(AtlasError error) throws Exception {
        start(Map.of());
        atlas.enqueue(error == AtlasError.VALIDATION_ERROR
                ? Response.validationError("monthsUntilExpiration", "must be less than or equal to 24")
                : Response.error(error, GROUP));

        ConsumerRecord<byte[], byte[]> outcome = request("alice", 3);

        assertThat(outcome.topic()).isEqualTo(worker.topics().failed());
        assertThat(EventSchemas.violations(EventSchemas.FAILED, outcome.value())).isEmpty();
        JsonNode event = new ObjectMapper().readTree(outcome.value());
        assertThat(event.get("error").asInt()).isEqualTo(error.status());
        assertThat(event.get("errorCode").asText()).isEqualTo(error.errorCode());
        assertThat(event.get("reason").asText()).isEqualTo(error.reason());
        assertThat(event.get("retryable").asBoolean()).isFalse();
        if (error == AtlasError.VALIDATION_ERROR) {
            assertThat(event.at("/badRequestDetail/fields/0/field").asText()).isEqualTo("monthsUntilExpiration");
        } else {
            assertThat(event.get("detail").asText()).isEqualTo(error.detail(GROUP));
        }
        assertThat(atlas.certificateRequests()).hasSize(1);
    }

    @Test
    void tooManyRequestsIsRetriedNoSoonerThanRetryAfterThenSucceeds() throws Exception {
        start(Map.of());
        atlas.enqueue(Response.rateLimited(1));

        assertThat(request("alice", 3).topic()).isEqualTo(worker.topics().issued());

        List<RecordedRequest> calls = atlas.certificateRequests();
        assertThat(calls).hasSize(2);
        assertThat(Duration.between(calls.get(0).receivedAt(), calls.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aStormOfServerErrorsExhaustsTheAttemptsAndIsAnsweredRetryable() throws Exception {
        start(Map.of(WorkerConfig.ATLAS_RETRY_MAX_ATTEMPTS, "4"));
        atlas.respondWith(call -> Response.serverError());

        ConsumerRecord<byte[], byte[]> outcome = request("alice", 3);

        CertificateFailed failed = EventCodec.instance().decode(outcome.value(), CertificateFailed.class);
        assertThat(failed.error()).isEqualTo(500);
        assertThat(failed.errorCode()).isEqualTo("UNEXPECTED_ERROR");
        assertThat(failed.retryable()).isTrue();
        assertThat(atlas.certificateRequests()).hasSize(4);
    }

    @Test
    void theRetryTimeBudgetEndsRetriesEvenWithAttemptsLeft() throws Exception {
        start(Map.of(WorkerConfig.ATLAS_RETRY_MAX_ATTEMPTS, "100", WorkerConfig.ATLAS_RETRY_BUDGET_MS, "1500"));
        atlas.respondWith(call -> Response.rateLimited(1));

        CertificateFailed failed = EventCodec.instance().decode(request("alice", 3).value(), CertificateFailed.class);

        assertThat(failed.error()).isEqualTo(429);
        assertThat(failed.errorCode()).isEqualTo("RATE_LIMITED_TOKEN_BUCKET");
        assertThat(failed.retryable()).isTrue();
        assertThat(atlas.certificateRequests()).hasSizeBetween(2, 3);
    }

    @Test
    void anHtmlErrorPageBecomesOurOwnWellFormed502() throws Exception {
        start(Map.of(WorkerConfig.ATLAS_RETRY_MAX_ATTEMPTS, "2"));
        atlas.respondWith(call -> Response.status(503, "text/html", "<html><body>Service Unavailable</body></html>"));

        CertificateFailed failed = EventCodec.instance().decode(request("alice", 3).value(), CertificateFailed.class);

        assertThat(failed.error()).isEqualTo(502);
        assertThat(failed.errorCode()).isEqualTo("UPSTREAM_INVALID_RESPONSE");
        assertThat(failed.detail()).isEqualTo("Atlas answered HTTP 503 with a body that is not an Atlas error (text/html).");
        assertThat(failed.reason()).isEqualTo("Bad Gateway");
        assertThat(failed.retryable()).isTrue();
    }

    @Test
    void aTimeoutOrAResetIsRetriedAndThenSucceeds() throws Exception {
        start(Map.of(WorkerConfig.ATLAS_REQUEST_TIMEOUT_MS, "700"));
        atlas.enqueue(Response.hang(Duration.ofSeconds(3)), Response.resetConnection());

        assertThat(request("alice", 3).topic()).isEqualTo(worker.topics().issued());
        assertThat(atlas.certificateRequests()).hasSize(3);
        assertThat(atlas.mintedSerials()).hasSize(1);
    }

    @Test
    void anAtlasThatNeverAnswersIsAnsweredWithOurOwn504() throws Exception {
        start(Map.of(WorkerConfig.ATLAS_REQUEST_TIMEOUT_MS, "300", WorkerConfig.ATLAS_RETRY_MAX_ATTEMPTS, "2"));
        atlas.respondWith(call -> Response.hang(Duration.ofSeconds(2)));

        CertificateFailed failed = EventCodec.instance().decode(request("alice", 3).value(), CertificateFailed.class);

        assertThat(failed.error()).isEqualTo(504);
        assertThat(failed.errorCode()).isEqualTo("UPSTREAM_TIMEOUT");
        assertThat(failed.reason()).isEqualTo("Gateway Timeout");
        assertThat(failed.retryable()).isTrue();
    }

    @Test
    void aSlowAtlasOutlastingMaxPollIntervalCausesNoRebalanceAndNoSecondCall() throws Exception {
        start(Map.of("kafka.max.poll.interval.ms", "4000", WorkerConfig.ATLAS_REQUEST_TIMEOUT_MS, "20000"));
        atlas.enqueue(Response.issueAfter(Duration.ofSeconds(9)));
        String first = send("alice", 3);
        String second = send("alice", 3);

        assertThat(worker.outcome(first).topic()).isEqualTo(worker.topics().issued());
        assertThat(worker.outcome(second).topic()).isEqualTo(worker.topics().issued());
        assertThat(atlas.certificateRequests()).hasSize(2);
        assertThat(atlas.mintedSerials()).hasSize(2);
    }

    @Test
    void anExpiredOrRevokedTokenIsRefreshedOnceAndTheCallSucceeds() throws Exception {
        start(Map.of());
        assertThat(request("alice", 3).topic()).isEqualTo(worker.topics().issued());
        assertThat(atlas.tokenRequests()).isEqualTo(1);

        atlas.revokeAllTokens();
        assertThat(request("alice", 3).topic()).isEqualTo(worker.topics().issued());
        assertThat(atlas.tokenRequests()).isEqualTo(2);

        atlas.advanceClock(Duration.ofHours(2)); // the token outlives its expires_in on Atlas's side
        assertThat(request("alice", 3).topic()).isEqualTo(worker.topics().issued());
        assertThat(atlas.tokenRequests()).isEqualTo(3);
        assertThat(request("alice", 3).topic()).isEqualTo(worker.topics().issued());
        assertThat(atlas.tokenRequests()).as("tokens are cached").isEqualTo(3);
    }

    @Test
    void wrongCredentialsAre401EnvelopesWithoutARetryStorm() throws Exception {
        start(Map.of(WorkerConfig.ATLAS_CLIENT_SECRET, "not-the-secret"));

        List<String> ids = List.of(send("alice", 3), send("alice", 3), send("alice", 3), send("alice", 3));

        for (String id : ids) {
            CertificateFailed failed = EventCodec.instance().decode(worker.outcome(id).value(), CertificateFailed.class);
            assertThat(failed.error()).isEqualTo(401);
            assertThat(failed.reason()).isEqualTo("Unauthorized");
            assertThat(failed.retryable()).isFalse();
        }
        assertThat(atlas.tokenRequests()).isEqualTo(1);
        assertThat(atlas.certificateRequests()).isEmpty();
    }

    @Test
    void anApiKeyPairAuthenticatesWithHttpDigest() throws Exception {
        Map<String, String> digest = new HashMap<>();
        digest.put(WorkerConfig.ATLAS_CLIENT_ID, "");
        digest.put(WorkerConfig.ATLAS_PUBLIC_KEY, "public-key");
        digest.put(WorkerConfig.ATLAS_PRIVATE_KEY, "private-key");
        start(digest);

        assertThat(request("alice", 3).topic()).isEqualTo(worker.topics().issued());
        assertThat(request("alice", 3).topic()).isEqualTo(worker.topics().issued());
        assertThat(atlas.certificateRequests()).allSatisfy(call -> assertThat(call.authScheme()).isEqualTo("Digest"));
        assertThat(atlas.tokenRequests()).isZero();
    }

    @Test
    void aWrongApiKeyIsA401EnvelopeNeverRetried() throws Exception {
        Map<String, String> digest = new HashMap<>();
        digest.put(WorkerConfig.ATLAS_CLIENT_ID, "");
        digest.put(WorkerConfig.ATLAS_PUBLIC_KEY, "public-key");
        digest.put(WorkerConfig.ATLAS_PRIVATE_KEY, "wrong");
        start(digest);

        CertificateFailed failed = EventCodec.instance().decode(request("alice", 3).value(), CertificateFailed.class);

        assertThat(failed.error()).isEqualTo(401);
        assertThat(failed.errorCode()).isEqualTo(FakeAtlas.UNAUTHORIZED_ERROR_CODE);
        assertThat(failed.retryable()).isFalse();
        assertThat(atlas.mintedSerials()).isEmpty();
    }

    @Test
    void whileOneProjectIsRateLimitedOtherProjectsKeepFlowing() throws Exception {
        start(Map.of());
        worker.putUser(OTHER_GROUP, "bob", X509Type.MANAGED);
        atlas.respondWith(call -> GROUP.equals(call.groupId()) && atlas.certificateRequests().size() <= 1
                ? Response.rateLimited(4) : null);
        String limited = send("alice", 3);
        while (atlas.certificateRequests().isEmpty()) {
            Thread.sleep(20);
        }
        String other = sendFor(OTHER_GROUP, "bob");

        ConsumerRecord<byte[], byte[]> otherOutcome = worker.outcome(other);
        ConsumerRecord<byte[], byte[]> limitedOutcome = worker.outcome(limited);

        assertThat(otherOutcome.topic()).isEqualTo(worker.topics().issued());
        assertThat(limitedOutcome.topic()).isEqualTo(worker.topics().issued());
        Instant bobIssued = atlas.certificateRequests().stream().filter(call -> OTHER_GROUP.equals(call.groupId()))
                .findFirst().orElseThrow().receivedAt();
        Instant aliceRetried = atlas.certificateRequests().stream().filter(call -> GROUP.equals(call.groupId()))
                .skip(1).findFirst().orElseThrow().receivedAt();
        assertThat(bobIssued).isBefore(aliceRetried);
    }

    @Test
    void theWorkerKeepsWithinTheProjectBudgetByItself() throws Exception {
        start(Map.of(WorkerConfig.ATLAS_RATE_LIMIT_CAPACITY, "3", WorkerConfig.ATLAS_RATE_LIMIT_REFILL_PER_MINUTE, "120"));
        atlas.enforceRateLimit(3, 120);

        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(send("alice", 3));
        }
        for (String id : ids) {
            assertThat(worker.outcome(id).topic()).isEqualTo(worker.topics().issued());
        }
        assertThat(atlas.certificateRequests()).as("no call was refused with 429").hasSize(6);
        List<RecordedRequest> calls = atlas.certificateRequests();
        assertThat(Duration.between(calls.get(0).receivedAt(), calls.get(5).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1400)); // 3 at once, then one per 500 ms
    }

    private void start(Map<String, String> overrides) throws Exception {
        atlas = FakeAtlas.start().serviceAccount("mdb_sa_id_test", "mdb_sa_sk_test");
        atlas.apiKey("public-key", "private-key");
        Map<String, String> settings = new HashMap<>();
        settings.put(WorkerConfig.ISSUER, "atlas");
        settings.put(WorkerConfig.ATLAS_BASE_URL, atlas.baseUrl());
        settings.put(WorkerConfig.ATLAS_CLIENT_ID, "mdb_sa_id_test");
        settings.put(WorkerConfig.ATLAS_CLIENT_SECRET, "mdb_sa_sk_test");
        settings.put(WorkerConfig.ATLAS_RETRY_INITIAL_BACKOFF_MS, "50");
        settings.put(WorkerConfig.ATLAS_RETRY_MAX_BACKOFF_MS, "200");
        settings.put(WorkerConfig.ATLAS_REQUEST_TIMEOUT_MS, "5000");
        settings.putAll(overrides);
        worker = TestWorker.start(directory, settings);
        worker.putUser(GROUP, "alice", X509Type.MANAGED);
    }

    private String send(String username, int months) throws Exception {
        String requestId = UUID.randomUUID().toString();
        worker.sendRequest(Topics.key(GROUP, username), new ObjectMapper().writeValueAsString(Map.of(
                "requestId", requestId, "groupId", GROUP, "username", username, "monthsUntilExpiration", months)));
        return requestId;
    }

    private String sendFor(String groupId, String username) throws Exception {
        String requestId = UUID.randomUUID().toString();
        worker.sendRequest(Topics.key(groupId, username), new ObjectMapper().writeValueAsString(Map.of(
                "requestId", requestId, "groupId", groupId, "username", username)));
        return requestId;
    }

    private ConsumerRecord<byte[], byte[]> request(String username, int months) throws Exception {
        return worker.outcome(send(username, months));
    }
}
