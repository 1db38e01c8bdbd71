package io.certworker.validation;

import io.certworker.apierror.AtlasApiError;
import io.certworker.apierror.ErrorCode;
import io.certworker.contracts.FieldError;
import io.certworker.contracts.CertificateRequest;
import io.certworker.issuance.CertificateOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a request as Atlas checks {@code POST /groups/{groupId}/databaseUsers/{username}/certs}.
 *
 * <ul>
 *   <li>A malformed groupId is answered 404 {@code INVALID_GROUP_ID}, as Atlas documents it, whatever else is wrong.
 *   <li>{@code monthsUntilExpiration} above 24 alone is answered 400 {@code CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS}.
 *   <li>One other problem is answered 400 {@code MISSING_ATTRIBUTE} or {@code INVALID_ATTRIBUTE} naming the field.
 *   <li>Several problems are answered 400 {@code VALIDATION_ERROR}.
 * </ul>
 * Every answer lists all of the request's problems in {@code badRequestDetail.fields}.
 */
public final class RequestValidator {
    /** Atlas's limit on a managed user's name. */
    public static final int MAX_USERNAME_LENGTH = 1024;
    static final int MAX_MONTHS = 24;
    private static final Pattern GROUP_ID = Pattern.compile("^([a-f0-9]{24})$");
    private static final Pattern SERIAL = Pattern.compile("^[1-9][0-9]{0,48}$");

    /** Whether {@code groupId} has the shape of an Atlas project id: 24 lowercase hexadecimal characters. */
    public static boolean isGroupId(String groupId) {
        return GROUP_ID.matcher(groupId).matches();
    }

    public Validation validate(ReceivedRequest request) {
        List<FieldProblem> problems = new ArrayList<>(request.typeProblems());
        checkGroupId(request, problems);
        checkUsername(request, problems);
        int months = checkMonths(request, problems);
        checkRenewalOf(request, problems);
        if (problems.isEmpty()) {
            return new Validation.Valid(new CertificateOrder(request.requestId(), request.groupId(),
                    request.username(), months, request.csr(), request.receivedAt(), request.renewalOf()));
        }
        return new Validation.Invalid(errorFor(request, problems));
    }

    private static void checkGroupId(ReceivedRequest request, List<FieldProblem> problems) {
        String groupId = request.groupId();
        if (groupId == null) {
            if (!request.hasTypeProblem("groupId")) {
                problems.add(FieldProblem.missing("groupId"));
            }
        } else if (!isGroupId(groupId)) {
            problems.add(new FieldProblem("groupId", ErrorCode.INVALID_GROUP_ID,
                    "groupId must be 24 lowercase hexadecimal characters"));
        }
    }

    private static void checkUsername(ReceivedRequest request, List<FieldProblem> problems) {
        String username = request.username();
        if (username == null) {
            if (!request.hasTypeProblem("username")) {
                problems.add(FieldProblem.missing("username"));
            }
        } else if (username.isEmpty()) {
            problems.add(FieldProblem.invalid("username", "username must not be empty"));
        } else if (username.length() > MAX_USERNAME_LENGTH) {
            problems.add(FieldProblem.invalid("username",
                    "username must be at most " + MAX_USERNAME_LENGTH + " characters"));
        } else if (!isWellFormedUnicode(username)) {
            problems.add(FieldProblem.invalid("username", "username must be well-formed Unicode text"));
        }
    }

    /** False when the text holds a lone UTF-16 surrogate, which no certificate name can encode. */
    private static boolean isWellFormedUnicode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A renewal names a serial number: a positive decimal integer of at most 49 digits (20 octets). */
    private static void checkRenewalOf(ReceivedRequest request, List<FieldProblem> problems) {
        String renewalOf = request.renewalOf();
        if (renewalOf != null && !SERIAL.matcher(renewalOf).matches()) {
            problems.add(FieldProblem.invalid("renewalOf", "renewalOf must be the serial number of the certificate "
                    + "it renews, as a positive decimal integer"));
        }
    }

    private static int checkMonths(ReceivedRequest request, List<FieldProblem> problems) {
        Integer months = request.monthsUntilExpiration();
        if (months == null) {
            return CertificateRequest.DEFAULT_MONTHS_UNTIL_EXPIRATION;
        }
        if (months < 1) {
            problems.add(FieldProblem.invalid("monthsUntilExpiration", "monthsUntilExpiration must be at least 1"));
        } else if (months > MAX_MONTHS) {
            problems.add(new FieldProblem("monthsUntilExpiration", ErrorCode.CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS,
                    "monthsUntilExpiration must be at most " + MAX_MONTHS));
        }
        return months;
    }

    private static AtlasApiError errorFor(ReceivedRequest request, List<FieldProblem> problems) {
        List<FieldError> fields = problems.stream().map(FieldProblem::violation).toList();
        if (problems.stream().anyMatch(problem -> problem.code() == ErrorCode.INVALID_GROUP_ID)) {
            return ErrorCode.INVALID_GROUP_ID.error(fields, request.groupId());
        }
        if (problems.size() == 1) {
            FieldProblem only = problems.get(0);
            return only.code() == ErrorCode.CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS
                    ? only.code().error(fields)
                    : only.code().error(fields, only.field());
        }
        String descriptions = problems.stream().map(FieldProblem::description).collect(Collectors.joining("; "));
        return ErrorCode.VALIDATION_ERROR.error(fields, descriptions);
    }
}
