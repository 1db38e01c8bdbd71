package io.certworker.apierror;

import io.certworker.contracts.BadRequestDetail;
import io.certworker.contracts.CertificateFailed;
import io.certworker.contracts.FieldError;
import io.certworker.contracts.SchemaVersion;
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
        List<FieldError> fields,
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

    /**
     * This error as the failed event of a request, field for field as Atlas's envelope (the one place an error
     * becomes JSON: the published event, and what commands print, which is its Atlas part).
     */
    public CertificateFailed toFailedEvent(String requestId, String groupId, String username) {
        return new CertificateFailed(SchemaVersion.CURRENT, requestId, groupId, username, status, errorCode, detail,
                reason, parameters, fields.isEmpty() ? null : new BadRequestDetail(fields), retryable);
    }

    /** The reason phrase Atlas writes for an HTTP status, for example {@code Not Found} for 404. */
    public static String reasonPhrase(int status) {
        return ReasonPhrases.of(status);
    }
}
