package io.certworker.apierror;

import java.util.List;
import java.util.Objects;

/**
 * Atlas's {@code ApiError}: what a refused request is answered with.
 *
 * @param status     the HTTP status Atlas answers with ({@code error} in the envelope)
 * @param errorCode  Atlas's application error code; a {@link ErrorCode} name, or whatever Atlas itself answered
 * @param detail     description of this occurrence
 * @param parameters values the detail refers to
 * @param fields     the offending request fields, empty when the request itself was fine
 * @param retryable  whether the same request may succeed later (a transient fault rather than an answer)
 */
public record AtlasApiError(
        int status,
        String errorCode,
        String detail,
        List<Object> parameters,
        List<FieldViolation> fields,
        boolean retryable) {

    public AtlasApiError {
        Objects.requireNonNull(errorCode, "errorCode");
        parameters = List.copyOf(parameters);
        fields = List.copyOf(fields);
    }

    /** The same error, marked as worth retrying (a transient fault rather than an answer). */
    public AtlasApiError asRetryable() {
        return new AtlasApiError(status, errorCode, detail, parameters, fields, true);
    }

    /** The HTTP reason phrase of {@link #status()}, as Atlas writes it in {@code reason}. */
    public String reason() {
        return ReasonPhrases.of(status);
    }
}
