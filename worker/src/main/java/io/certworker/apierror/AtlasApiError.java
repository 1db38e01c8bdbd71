package io.certworker.apierror;

import java.util.List;
import java.util.Objects;

/**
 * Atlas's {@code ApiError}: what a refused request is answered with.
 *
 * @param status     the HTTP status Atlas answers with ({@code error} in the envelope)
 * @param errorCode  Atlas's application error code; a {@link ErrorCode} name, or whatever Atlas itself answered
 * @param detail     description of this occurrence
 * @param reason     the HTTP reason phrase of {@code status}, as Atlas writes it
 * @param parameters values the detail refers to
 * @param fields     the offending request fields, empty when the request itself was fine
 * @param retryable  whether the same request may succeed later (a transient fault rather than an answer)
 */
public record AtlasApiError(
        int status,
        String errorCode,
        String detail,
        String reason,
        List<Object> parameters,
        List<FieldViolation> fields,
        boolean retryable) {

    public AtlasApiError {
        Objects.requireNonNull(errorCode, "errorCode");
        reason = reason == null ? ReasonPhrases.of(status) : reason;
        parameters = List.copyOf(parameters);
        fields = List.copyOf(fields);
    }

    /** The same error, marked as worth retrying (a transient fault rather than an answer). */
    public AtlasApiError asRetryable() {
        return new AtlasApiError(status, errorCode, detail, reason, parameters, fields, true);
    }

    /** The reason phrase Atlas writes for an HTTP status, for example {@code Not Found} for 404. */
    public static String reasonPhrase(int status) {
        return ReasonPhrases.of(status);
    }
}
