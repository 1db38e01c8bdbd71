package io.certworker.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A request was refused or could not be served (topic {@code cert-failed}, key {@code groupId/username}).
 *
 * <p>The fields {@code error} to {@code badRequestDetail} are Atlas's {@code ApiError} object, field for field, so
 * code written against Atlas's HTTP errors reads these events unchanged.
 *
 * @param schemaVersion    version of this format
 * @param requestId        the request's id (given or derived)
 * @param groupId          the request's groupId, as sent (may be malformed or absent)
 * @param username         the request's username, as sent (may be absent)
 * @param error            HTTP status code Atlas answers with, for example 400 or 404
 * @param errorCode        Atlas's application error code, for example {@code USER_NOT_MANAGED_X509}
 * @param detail           human-readable description of this occurrence
 * @param reason           HTTP reason phrase of {@code error}, for example {@code Bad Request}
 * @param parameters       values the detail refers to, in order
 * @param badRequestDetail the offending request fields, when the request itself was at fault
 * @param retryable        true when sending the same request again may succeed (a transient fault); false when the
 *                         answer would be the same
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CertificateFailed(
        Integer schemaVersion,
        String requestId,
        String groupId,
        String username,
        int error,
        String errorCode,
        String detail,
        String reason,
        List<Object> parameters,
        BadRequestDetail badRequestDetail,
        boolean retryable) {
}
