package io.certworker.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Atlas's {@code badRequestDetail}: every violation found in one request.
 *
 * @param fields one entry per offending field
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BadRequestDetail(List<FieldError> fields) {
}
