package io.certworker.validation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A request as it arrived, before any check. A field whose JSON value had the wrong type is null here and described
 * in {@code typeProblems}, so that it is reported together with every other problem of the request.
 *
 * @param requestId             the request's id: the one it carried, or one derived from where it was read
 * @param groupId               as sent, or null
 * @param username              as sent, or null
 * @param monthsUntilExpiration as sent, or null when absent
 * @param csr                   a PKCS#10 CSR (PEM) as sent, or null when absent
 * @param typeProblems          fields that were present with a value of the wrong type
 * @param receivedAt            when the request was made (its record's timestamp), or null when unknown
 * @param renewalOf             the serial of the certificate this one renews, as sent, or null
 */
public record ReceivedRequest(
        String requestId,
        String groupId,
        String username,
        Integer monthsUntilExpiration,
        String csr,
        List<FieldProblem> typeProblems,
        Instant receivedAt,
        String renewalOf) {

    public ReceivedRequest {
        Objects.requireNonNull(requestId, "requestId");
        typeProblems = List.copyOf(typeProblems);
    }

    /** A request of unknown time that renews nothing. */
    public ReceivedRequest(String requestId, String groupId, String username, Integer monthsUntilExpiration,
                           String csr, List<FieldProblem> typeProblems) {
        this(requestId, groupId, username, monthsUntilExpiration, csr, typeProblems, null, null);
    }

    /** A request whose fields all had the right JSON types. */
    public static ReceivedRequest of(String requestId, String groupId, String username, Integer monthsUntilExpiration) {
        return new ReceivedRequest(requestId, groupId, username, monthsUntilExpiration, null, List.of());
    }

    boolean hasTypeProblem(String field) {
        return typeProblems.stream().anyMatch(violation -> violation.field().equals(field));
    }
}
