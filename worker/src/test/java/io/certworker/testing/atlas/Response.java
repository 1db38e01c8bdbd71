package io.certworker.testing.atlas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One scripted answer of {@link FakeAtlas} to an authenticated, well-formed call (see {@link FakeAtlas#enqueue} and
 * {@link FakeAtlas#respondWith}). Immutable; build with the factories, refine with {@link #withHeader} and
 * {@link #delayedBy}.
 */
public final class Response {
    enum Kind { ISSUE, ERROR, RATE_LIMITED, STATUS, HANG, RESET }

    private final Kind kind;
    private final Duration delay;
    private final AtlasError error;
    private final List<Object> parameters;
    private final List<FieldProblem> fields;
    private final int retryAfterSeconds;
    private final int status;
    private final String contentType;
    private final String body;
    private final Duration hangFor;
    private final Map<String, String> headers;

    /** One entry of {@code badRequestDetail.fields}. */
    public record FieldProblem(String field, String description) {
        public FieldProblem {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(description, "description");
        }
    }

    private Response(Kind kind, Duration delay, AtlasError error, List<Object> parameters, List<FieldProblem> fields,
            int retryAfterSeconds, int status, String contentType, String body, Duration hangFor,
            Map<String, String> headers) {
        this.kind = kind;
        this.delay = delay;
        this.error = error;
        this.parameters = parameters;
        this.fields = fields;
        this.retryAfterSeconds = retryAfterSeconds;
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.hangFor = hangFor;
        this.headers = headers;
    }

    private static Response of(Kind kind) {
        return new Response(kind, Duration.ZERO, null, null, List.of(), 0, 0, null, null, Duration.ZERO, Map.of());
    }

    /** Mint a certificate like Atlas and answer 201 with its PEM and key (the default answer). */
    public static Response issue() {
        return of(Kind.ISSUE);
    }

    /** Slow Atlas: wait {@code delay}, then mint and answer 201. Other calls are served meanwhile. */
    public static Response issueAfter(Duration delay) {
        return issue().delayedBy(delay);
    }

    /**
     * Atlas's error envelope for {@code error}, with {@code X-Error-Code}. Parameters come from the request: the
     * group ID for {@code INVALID_GROUP_ID}/{@code GROUP_NOT_FOUND}, the username for {@code USERNAME_NOT_FOUND},
     * {@code monthsUntilExpiration} for {@code INVALID_ATTRIBUTE}, none otherwise. {@code VALIDATION_ERROR} carries an
     * example {@code badRequestDetail}; {@code RATE_LIMITED_TOKEN_BUCKET} is {@link #rateLimited rateLimited(1)}.
     */
    public static Response error(AtlasError error) {
        Objects.requireNonNull(error, "error");
        if (error == AtlasError.RATE_LIMITED_TOKEN_BUCKET) {
            return rateLimited(1);
        }
        if (error == AtlasError.VALIDATION_ERROR) {
            return validationError("monthsUntilExpiration", "must be greater than or equal to 1");
        }
        return new Response(Kind.ERROR, Duration.ZERO, error, null, List.of(), 0, 0, null, null, Duration.ZERO,
                Map.of());
    }

    /**
     * Atlas's error envelope with explicit {@code parameters} (Strings or Numbers), which also fill the detail
     * template. For {@code RATE_LIMITED_TOKEN_BUCKET} a numeric second parameter becomes {@code Retry-After}.
     */
    public static Response error(AtlasError error, Object... parameters) {
        Objects.requireNonNull(error, "error");
        List<Object> copy = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(parameters)));
        int retryAfter = error == AtlasError.RATE_LIMITED_TOKEN_BUCKET && copy.size() > 1
                && copy.get(1) instanceof Number n ? n.intValue() : 0;
        return new Response(Kind.ERROR, Duration.ZERO, error, copy, List.of(), retryAfter, 0, null, null,
                Duration.ZERO, Map.of());
    }

    /** 400 {@code VALIDATION_ERROR} with {@code badRequestDetail.fields = [{field, description}]}. */
    public static Response validationError(String field, String description) {
        return new Response(Kind.ERROR, Duration.ZERO, AtlasError.VALIDATION_ERROR, List.of(),
                List.of(new FieldProblem(field, description)), 0, 0, null, null, Duration.ZERO, Map.of());
    }

    /**
     * 429 {@code RATE_LIMITED_TOKEN_BUCKET} with {@code Retry-After: retryAfterSeconds}, {@code RateLimit-Remaining: 0}
     * and Atlas's documented detail ({@code Rate limit exceeded for <path>. Please retry after N seconds. Request
     * capacity: C. Refill rate: R per 60 seconds.}, C and R being the fake's current bucket settings).
     */
    public static Response rateLimited(int retryAfterSeconds) {
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds < 0");
        }
        return new Response(Kind.RATE_LIMITED, Duration.ZERO, AtlasError.RATE_LIMITED_TOKEN_BUCKET, null, List.of(),
                retryAfterSeconds, 429, null, null, Duration.ZERO, Map.of());
    }

    /** 500 {@code UNEXPECTED_ERROR}. */
    public static Response serverError() {
        return error(AtlasError.UNEXPECTED_ERROR);
    }

    /** Any status with a literal body, e.g. {@code status(503, "text/html", "<html>…")} from a load balancer. */
    public static Response status(int status, String contentType, String body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status " + status);
        }
        return new Response(Kind.STATUS, Duration.ZERO, null, null, List.of(), 0, status, contentType,
                body == null ? "" : body, Duration.ZERO, Map.of());
    }

    /**
     * Read the request, then answer nothing for {@code duration} (to provoke client timeouts); afterwards close the
     * connection, still without an answer. {@link FakeAtlas#close()} ends the wait early.
     */
    public static Response hang(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        return new Response(Kind.HANG, Duration.ZERO, null, null, List.of(), 0, 0, null, null, duration, Map.of());
    }

    /**
     * Read the request and close the connection without answering. The JDK server only lets the fake close the socket
     * in an orderly way, so clients see an end of stream (e.g. "HTTP/1.1 header parser received no bytes", Apache's
     * {@code NoHttpResponseException}) rather than a TCP RST.
     */
    public static Response resetConnection() {
        return of(Kind.RESET);
    }

    /** The same answer with one more response header (ignored by {@code hang} and {@code resetConnection}). */
    public Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new Response(kind, delay, error, parameters, fields, retryAfterSeconds, status, contentType, body,
                hangFor, Collections.unmodifiableMap(more));
    }

    /** The same answer, sent only after {@code delay} (the request is read first; other calls go on meanwhile). */
    public Response delayedBy(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay");
        }
        return new Response(kind, delay, error, parameters, fields, retryAfterSeconds, status, contentType, body,
                hangFor, headers);
    }

    Kind kind() {
        return kind;
    }

    Duration delay() {
        return delay;
    }

    AtlasError atlasError() {
        return error;
    }

    /** Explicit parameters, or null to take them from the request. */
    List<Object> parameters() {
        return parameters;
    }

    List<FieldProblem> fields() {
        return fields;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    int status() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    String body() {
        return body;
    }

    Duration hangFor() {
        return hangFor;
    }

    Map<String, String> headers() {
        return headers;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(kind.name().toLowerCase(java.util.Locale.ROOT));
        switch (kind) {
            case ERROR -> text.append('(').append(error).append(parameters == null ? "" : ", " + parameters).append(')');
            case RATE_LIMITED -> text.append('(').append(retryAfterSeconds).append("s)");
            case STATUS -> text.append('(').append(status).append(", ").append(contentType).append(')');
            case HANG -> text.append('(').append(hangFor).append(')');
            default -> { }
        }
        if (!delay.isZero()) {
            text.append(" after ").append(delay);
        }
        if (!headers.isEmpty()) {
            text.append(" +").append(headers);
        }
        return text.toString();
    }
}
