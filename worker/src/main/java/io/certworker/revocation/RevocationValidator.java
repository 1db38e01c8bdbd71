package io.certworker.revocation;

import io.certworker.apierror.AtlasApiError;
import io.certworker.apierror.ErrorCode;
import io.certworker.contracts.FieldError;
import io.certworker.contracts.RevocationReason;
import io.certworker.validation.FieldProblem;
import io.certworker.validation.RequestValidator;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a revocation request the way Atlas checks its requests: a malformed groupId is 404 {@code INVALID_GROUP_ID}
 * whatever else is wrong; one other problem is 400 {@code MISSING_ATTRIBUTE} or {@code INVALID_ATTRIBUTE} naming the
 * field; several are 400 {@code VALIDATION_ERROR}; every problem is listed in {@code badRequestDetail.fields}.
 */
public final class RevocationValidator {
    static final int MAX_USERNAME_LENGTH = 1024;
    /** A serial is at most 20 octets (RFC 5280), so at most 49 decimal digits. */
    static final Pattern SERIAL = Pattern.compile("^[1-9][0-9]{0,48}$");
    /** How much of an unknown reason is repeated in the error: it is the caller's text, possibly huge. */
    static final int MAX_ECHOED_REASON = 40;

    /** The verdict: an order, or Atlas's error. */
    public sealed interface Verdict {
    }

    public record Valid(RevocationOrder order) implements Verdict {
    }

    public record Invalid(AtlasApiError error) implements Verdict {
    }

    public Verdict validate(ReceivedRevocation request) {
        List<FieldProblem> problems = new ArrayList<>(request.typeProblems());
        String groupId = request.groupId();
        if (groupId == null) {
            required(request, "groupId", problems);
        } else if (!RequestValidator.isGroupId(groupId)) {
            problems.add(new FieldProblem("groupId", ErrorCode.INVALID_GROUP_ID,
                    "groupId must be 24 lowercase hexadecimal characters"));
        }
        String username = request.username();
        if (username == null) {
            required(request, "username", problems);
        } else if (username.isEmpty() || username.length() > MAX_USERNAME_LENGTH) {
            problems.add(FieldProblem.invalid("username", "username must be 1 to " + MAX_USERNAME_LENGTH
                    + " characters"));
        }
        BigInteger serial = null;
        if (request.serialNumber() == null) {
            required(request, "serialNumber", problems);
        } else if (!SERIAL.matcher(request.serialNumber()).matches()) {
            problems.add(FieldProblem.invalid("serialNumber", "serialNumber must be the certificate's serial number "
                    + "as a positive decimal integer of at most 49 digits, as cert-issued's serialNumber"));
        } else {
            serial = new BigInteger(request.serialNumber());
        }
        RevocationReason reason = RevocationReason.UNSPECIFIED;
        if (request.reason() != null) {
            reason = RevocationReason.ofWireName(request.reason()).orElse(null);
            if (reason == null) {
                problems.add(FieldProblem.invalid("reason", "reason " + echo(request.reason())
                        + " is not one of " + String.join(", ", RevocationReason.wireNames())));
            }
        }
        if (problems.isEmpty()) {
            return new Valid(new RevocationOrder(request.requestId(), groupId, username, serial, reason));
        }
        return new Invalid(errorFor(groupId, problems));
    }

    private static void required(ReceivedRevocation request, String field, List<FieldProblem> problems) {
        if (!request.hasTypeProblem(field)) {
            problems.add(FieldProblem.missing(field));
        }
    }

    private static String echo(String text) {
        String shown = text.length() > MAX_ECHOED_REASON ? text.substring(0, MAX_ECHOED_REASON) + "…" : text;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    private static AtlasApiError errorFor(String groupId, List<FieldProblem> problems) {
        List<FieldError> fields = problems.stream().map(FieldProblem::violation).toList();
        if (problems.stream().anyMatch(problem -> problem.code() == ErrorCode.INVALID_GROUP_ID)) {
            return ErrorCode.INVALID_GROUP_ID.error(fields, groupId);
        }
        if (problems.size() == 1) {
            return problems.get(0).code().error(fields, problems.get(0).field());
        }
        return ErrorCode.VALIDATION_ERROR.error(fields,
                problems.stream().map(FieldProblem::description).collect(Collectors.joining("; ")));
    }
}
