package io.certworker.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One offending request field, as in Atlas's {@code badRequestDetail.fields[]}.
 *
 * @param field       the field's name in the request, for example {@code monthsUntilExpiration}
 * @param description why it is wrong
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FieldError(String field, String description) {
}
