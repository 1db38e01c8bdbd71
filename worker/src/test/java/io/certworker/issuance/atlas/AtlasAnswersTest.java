package io.certworker.issuance.atlas;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.apierror.AtlasApiError;
import io.certworker.contracts.FieldError;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** How Atlas's answers are read: mirrored unchanged, or classified as transient. */
class AtlasAnswersTest {
    final AtlasAnswers answers = new AtlasAnswers(URI.create("https://cloud.mongodb.com"), Duration.ofSeconds(30),
            Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void anAtlasErrorIsMirroredFieldForField() {
        String body = "{\"detail\":\"No group with ID 111111111111111111111111 exists.\",\"error\":404,"
                + "\"errorCode\":\"GROUP_NOT_FOUND\",\"parameters\":[\"111111111111111111111111\"],\"reason\":\"Not Found\"}";

        AtlasAnswers.Decision decision = answers.of(new AtlasHttp.Answer(404, "application/json", null, body));

        assertThat(decision).isEqualTo(new AtlasAnswers.Refuse(new AtlasApiError(404, "GROUP_NOT_FOUND",
                "No group with ID 111111111111111111111111 exists.", "Not Found", List.of("111111111111111111111111"),
                List.of(), false)));
    }

    @Test
    void badRequestDetailAndOddParametersComeThroughUnchanged() {
        String body = "{\"error\":400,\"errorCode\":\"VALIDATION_ERROR\",\"detail\":\"d\",\"reason\":\"Bad Request\","
                + "\"parameters\":[7,{\"a\":1}],\"badRequestDetail\":{\"fields\":[{\"field\":\"monthsUntilExpiration\","
                + "\"description\":\"must be less than or equal to 24\"}]}}";

        AtlasApiError error = ((AtlasAnswers.Refuse) answers.of(new AtlasHttp.Answer(400, "application/json", null, body)))
                .error();

        assertThat(error.parameters()).containsExactly(7, java.util.Map.of("a", 1));
        assertThat(error.fields()).containsExactly(
                new FieldError("monthsUntilExpiration", "must be less than or equal to 24"));
    }

    @Test
    void tooManyRequestsAndServerErrorsAreTransientAndKeepRetryAfter() {
        String body = "{\"error\":429,\"errorCode\":\"RATE_LIMITED_TOKEN_BUCKET\",\"reason\":\"Too Many Requests\"}";

        AtlasAnswers.Decision limited = answers.of(new AtlasHttp.Answer(429, "application/json", "7", body));
        AtlasAnswers.Decision failed = answers.of(new AtlasHttp.Answer(503, "application/json", null,
                "{\"error\":503,\"errorCode\":\"SERVICE_UNAVAILABLE\"}"));

        assertThat(limited).isInstanceOf(AtlasAnswers.Retry.class);
        assertThat(((AtlasAnswers.Retry) limited).retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(((AtlasAnswers.Retry) limited).error().retryable()).isTrue();
        assertThat(((AtlasAnswers.Retry) limited).error().errorCode()).isEqualTo("RATE_LIMITED_TOKEN_BUCKET");
        assertThat(failed).isInstanceOf(AtlasAnswers.Retry.class);
    }

    @Test
    void retryAfterMayBeAnHttpDate() {
        assertThat(answers.retryAfter("Sun, 22 Nov 2026 12:00:42 GMT")).isEqualTo(Duration.ofSeconds(42));
        assertThat(answers.retryAfter("soon")).isNull();
    }

    @Test
    void aBodyThatIsNotAnAtlasErrorBecomesOurOwn502() {
        AtlasAnswers.Decision html = answers.of(new AtlasHttp.Answer(503, "text/html", null, "<html>down</html>"));
        AtlasAnswers.Decision empty = answers.of(new AtlasHttp.Answer(406, null, null, ""));

        AtlasApiError retried = ((AtlasAnswers.Retry) html).error();
        assertThat(retried.status()).isEqualTo(502);
        assertThat(retried.errorCode()).isEqualTo("UPSTREAM_INVALID_RESPONSE");
        assertThat(retried.detail()).isEqualTo("Atlas answered HTTP 503 with a body that is not an Atlas error (text/html).");
        assertThat(retried.reason()).isEqualTo("Bad Gateway");
        AtlasApiError final406 = ((AtlasAnswers.Refuse) empty).error();
        assertThat(final406.status()).isEqualTo(502);
        assertThat(final406.retryable()).isFalse();
    }

    @Test
    void timeoutsAndConnectionFailuresAreTransientWithAClearDetail() {
        AtlasApiError timeout = ((AtlasAnswers.Retry) answers.of(new CompletionException(new SocketTimeoutException())))
                .error();
        AtlasApiError refused = ((AtlasAnswers.Retry) answers.of(new ConnectException("Connection refused"))).error();

        assertThat(timeout.status()).isEqualTo(504);
        assertThat(timeout.errorCode()).isEqualTo("UPSTREAM_TIMEOUT");
        assertThat(timeout.detail()).isEqualTo("Atlas did not answer within 30000 ms.");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.detail()).isEqualTo("Could not reach Atlas at https://cloud.mongodb.com: connection refused.");
        assertThat(refused.retryable()).isTrue();
    }

    @Test
    void a201ThatIsNotACertificateAndKeyIsFinalNeverRetried() {
        AtlasAnswers.Decision decision = answers.of(new AtlasHttp.Answer(201, "text/plain", null, "hello"));

        assertThat(decision).isInstanceOf(AtlasAnswers.Refuse.class);
        assertThat(((AtlasAnswers.Refuse) decision).error().status()).isEqualTo(502);
    }
}
