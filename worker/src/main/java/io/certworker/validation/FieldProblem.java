package io.certworker.validation;

import io.certworker.apierror.ErrorCode;
import io.certworker.contracts.FieldError;
import java.util.Objects;

/**
 * One thing wrong with one request field, and the error code it would be answered with if it were the request's
 * only problem.
 *
 * @param field       the field's name in the request
 * @param code        the code of this problem on its own
 * @param description why the field is wrong, as reported in {@code badRequestDetail.fields[].description}
 */
public record FieldProblem(String field, ErrorCode code, String description) {
    public FieldProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
    }

    public static FieldProblem missing(String field) {
        return new FieldProblem(field, ErrorCode.MISSING_ATTRIBUTE, field + " is required");
    }

    public static FieldProblem invalid(String field, String description) {
        return new FieldProblem(field, ErrorCode.INVALID_ATTRIBUTE, description);
    }

    /** The field error an error envelope lists for this problem. */
    public FieldError violation() {
        return new FieldError(field, description);
    }
}
