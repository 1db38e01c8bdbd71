package io.certworker.issuance.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.apierror.AtlasApiError;
import io.certworker.apierror.ErrorCode;
import io.certworker.contracts.FieldError;
import io.certworker.issuance.IssuedCertificate;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;

/**
 * What an Atlas answer means for the request: a certificate, a refusal to pass on unchanged, or a transient fault to
 * retry. Only here are HTTP statuses and exceptions classified: 201 issues; 429 and 5xx, timeouts and connection
 * failures are transient; every other status is Atlas's final answer.
 */
final class AtlasAnswers {
    /** The verdict on one call. */
    sealed interface Decision {
    }

    record Issued(IssuedCertificate certificate) implements Decision {
    }

    record Refuse(AtlasApiError error) implements Decision {
    }

    record Retry(AtlasApiError error, Duration retryAfter) implements Decision {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final URI baseUrl;
    private final Duration requestTimeout;
    private final Clock clock;

    AtlasAnswers(URI baseUrl, Duration requestTimeout, Clock clock) {
        this.baseUrl = baseUrl;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    Decision of(AtlasHttp.Answer answer) {
        if (answer.status() == 201) {
            try {
                return new Issued(AtlasPem.read(answer.body()));
            } catch (IllegalArgumentException e) {
                // Atlas minted something we cannot read; asking again would mint another, so this is final.
                return new Refuse(ErrorCode.UPSTREAM_INVALID_RESPONSE.error(201, e.getMessage()));
            }
        }
        AtlasApiError error = mirror(answer);
        return transientStatus(answer.status()) ? new Retry(error.asRetryable(), retryAfter(answer.retryAfter()))
                : new Refuse(error);
    }

    Decision of(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
            return new Retry(ErrorCode.UPSTREAM_TIMEOUT.error(requestTimeout.toMillis() + " ms").asRetryable(), null);
        }
        if (cause instanceof IOException || cause instanceof ConnectionClosedException) {
            String message = cause instanceof ConnectException ? "connection refused" : describe(cause);
            return new Retry(ErrorCode.UPSTREAM_UNREACHABLE.error(baseUrl.toString(), message).asRetryable(), null);
        }
        if (cause instanceof TokenUnavailable unavailable) {
            return unavailable.decision();
        }
        throw new CompletionException(cause);
    }

    /** Atlas's own error envelope, unchanged; anything else becomes our own 502. */
    AtlasApiError mirror(AtlasHttp.Answer answer) {
        JsonNode body = parse(answer.body());
        if (body == null || !body.isObject() || !(body.has("errorCode") || body.has("error"))) {
            String what = answer.contentType() == null ? "no content type" : answer.contentType();
            AtlasApiError ours = ErrorCode.UPSTREAM_INVALID_RESPONSE.error(answer.status(), what);
            return transientStatus(answer.status()) ? ours.asRetryable() : ours;
        }
        int status = body.path("error").isInt() ? body.get("error").intValue() : answer.status();
        String errorCode = body.hasNonNull("errorCode") ? body.get("errorCode").asText()
                : AtlasApiError.reasonPhrase(status).toUpperCase(Locale.ROOT).replace(' ', '_');
        List<Object> parameters = new ArrayList<>();
        body.path("parameters").forEach(parameter -> parameters.add(json.convertValue(parameter, Object.class)));
        List<FieldError> fields = new ArrayList<>();
        body.path("badRequestDetail").path("fields").forEach(field -> fields.add(
                new FieldError(field.path("field").asText(""), field.path("description").asText(""))));
        return new AtlasApiError(status, errorCode, text(body, "detail"), text(body, "reason"), parameters, fields,
                transientStatus(answer.status()));
    }

    static boolean transientStatus(int status) {
        return status == 429 || status >= 500;
    }

    /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
