package io.certworker.apierror;

import java.util.Objects;

/**
 * One offending request field, as in Atlas's {@code badRequestDetail.fields[]}.
 *
 * @param field       the field's name in the request
 * @param description why the field is wrong
 */
public record FieldViolation(String field, String description) {
    public FieldViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(description, "description");
    }
}
