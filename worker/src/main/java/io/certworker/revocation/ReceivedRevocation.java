package io.certworker.revocation;

import io.certworker.validation.FieldProblem;
import java.util.List;
import java.util.Objects;

/**
 * A revocation request as it arrived, before any check. A field whose JSON value had the wrong type is null here and
 * described in {@code typeProblems}, so that it is reported with every other problem of the request.
 *
 * @param requestId    the request's id: the one it carried, or one derived from where it was read
 * @param groupId      as sent, or null
 * @param username     as sent, or null
 * @param serialNumber as sent, or null
 * @param reason       as sent, or null when absent
 * @param typeProblems fields that were present with a value of the wrong type
 */
public record ReceivedRevocation(String requestId, String groupId, String username, String serialNumber,
                                 String reason, List<FieldProblem> typeProblems) {
    public ReceivedRevocation {
        Objects.requireNonNull(requestId, "requestId");
        typeProblems = List.copyOf(typeProblems);
    }

    boolean hasTypeProblem(String field) {
        return typeProblems.stream().anyMatch(problem -> problem.field().equals(field));
    }
}
