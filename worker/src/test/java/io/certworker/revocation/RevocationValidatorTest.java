package io.certworker.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.apierror.AtlasApiError;
import io.certworker.contracts.FieldError;
import io.certworker.contracts.RevocationReason;
import io.certworker.validation.FieldProblem;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RevocationValidatorTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    final RevocationValidator validator = new RevocationValidator();

    static ReceivedRevocation received(String groupId, String username, String serial, String reason) {
        return new ReceivedRevocation("r-1", groupId, username, serial, reason, List.of());
    }

    @Test
    void aCompleteRequestIsAnOrderAndTheReasonDefaultsToUnspecified() {
        var valid = (RevocationValidator.Valid) validator.validate(received(GROUP, "alice", "3057694138473201217",
                null));

        assertThat(valid.order()).isEqualTo(new RevocationOrder("r-1", GROUP, "alice",
                new BigInteger("3057694138473201217"), RevocationReason.UNSPECIFIED));
        assertThat(((RevocationValidator.Valid) validator.validate(received(GROUP, "alice", "1",
                "cessationOfOperation"))).order().reason()).isEqualTo(RevocationReason.CESSATION_OF_OPERATION);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("serial missing", received(GROUP, "alice", null, null), 400, "MISSING_ATTRIBUTE",
                        List.of("serialNumber")),
                Arguments.of("serial not decimal", received(GROUP, "alice", "0x1f", null), 400, "INVALID_ATTRIBUTE",
                        List.of("serialNumber")),
                Arguments.of("serial zero", received(GROUP, "alice", "0", null), 400, "INVALID_ATTRIBUTE",
                        List.of("serialNumber")),
                Arguments.of("serial negative", received(GROUP, "alice", "-5", null), 400, "INVALID_ATTRIBUTE",
                        List.of("serialNumber")),
                Arguments.of("serial of 50 digits", received(GROUP, "alice", "1".repeat(50), null), 400,
                        "INVALID_ATTRIBUTE", List.of("serialNumber")),
                Arguments.of("reason unknown", received(GROUP, "alice", "12", "certificateHold"), 400,
                        "INVALID_ATTRIBUTE", List.of("reason")),
                Arguments.of("huge reason", received(GROUP, "alice", "12", "x".repeat(100_000)), 400,
                        "INVALID_ATTRIBUTE", List.of("reason")),
                Arguments.of("username missing", received(GROUP, null, "12", null), 400, "MISSING_ATTRIBUTE",
                        List.of("username")),
                Arguments.of("several", received(GROUP, "", "x", "nope"), 400, "VALIDATION_ERROR",
                        List.of("username", "serialNumber", "reason")),
                Arguments.of("malformed project", received("NOPE", "alice", "x", null), 404, "INVALID_GROUP_ID",
                        List.of("groupId", "serialNumber")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void everyProblemIsReportedWithAtlasCodes(String situation, ReceivedRevocation request, int status, String code,
                                              List<String> fields) {
        AtlasApiError error = ((RevocationValidator.Invalid) validator.validate(request)).error();

        assertThat(error.status()).isEqualTo(status);
        assertThat(error.errorCode()).isEqualTo(code);
        assertThat(error.fields()).extracting(FieldError::field).containsExactlyElementsOf(fields);
        assertThat(error.detail().length() + error.fields().toString().length()).isLessThan(2000);
    }

    @Test
    void aFieldOfTheWrongTypeIsReportedOnce() {
        ReceivedRevocation request = new ReceivedRevocation("r-1", GROUP, "alice", null, null,
                List.of(FieldProblem.invalid("serialNumber", "serialNumber must be a string")));

        AtlasApiError error = ((RevocationValidator.Invalid) validator.validate(request)).error();

        assertThat(error.errorCode()).isEqualTo("INVALID_ATTRIBUTE");
        assertThat(error.fields()).extracting(FieldError::description)
                .containsExactly("serialNumber must be a string");
    }
}
