package io.certworker.apierror;

import java.util.Objects;

/**
 * One thing wrong with one request field.
 *
 * @param field       the field's name in the request
 * @param code        the error code this violation would be answered with on its own
 * @param description why the field is wrong, for {@code badRequestDetail.fields[].description}
 */
public record FieldViolation(String field, ErrorCode code, String description) {
    public FieldViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
    }

    public static FieldViolation missing(String field) {
        return new FieldViolation(field, ErrorCode.MISSING_ATTRIBUTE, field + " is required");
    }

    public static FieldViolation invalid(String field, String description) {
        return new FieldViolation(field, ErrorCode.INVALID_ATTRIBUTE, description);
    }
}
