package io.certworker.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.apierror.AtlasApiError;
import io.certworker.apierror.ErrorCode;
import io.certworker.contracts.FieldError;
import io.certworker.issuance.CertificateOrder;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    final RequestValidator validator = new RequestValidator();

    @Test
    void aCompleteRequestBecomesAnOrder() {
        Validation validation = validator.validate(ReceivedRequest.of("r1", GROUP, "alice", 12));

        assertThat(validation).isEqualTo(new Validation.Valid(new CertificateOrder("r1", GROUP, "alice", 12)));
    }

    @Test
    void absentMonthsMeansAtlasDefaultOfThree() {
        Validation validation = validator.validate(ReceivedRequest.of("r1", GROUP, "alice", null));

        assertThat(((Validation.Valid) validation).order().monthsUntilExpiration()).isEqualTo(3);
    }

    @Property(tries = 100)
    void everyMonthFromOneToTwentyFourIsAccepted(@ForAll @IntRange(min = 1, max = 24) int months) {
        assertThat(validator.validate(ReceivedRequest.of("r", GROUP, "alice", months)))
                .isInstanceOf(Validation.Valid.class);
    }

    @Property(tries = 100)
    void monthsAboveTwentyFourAreRefusedWithAtlasCode(@ForAll @IntRange(min = 25) int months) {
        AtlasApiError error = refused(ReceivedRequest.of("r", GROUP, "alice", months));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.errorCode()).isEqualTo("CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS");
        assertThat(error.detail()).isEqualTo("Atlas-generated X.509 certificates have a maximum expiration of 24 months.");
        assertThat(error.fields()).extracting(FieldError::field).containsExactly("monthsUntilExpiration");
    }

    @Property(tries = 100)
    void monthsBelowOneAreAnInvalidAttribute(@ForAll @IntRange(min = Integer.MIN_VALUE, max = 0) int months) {
        AtlasApiError error = refused(ReceivedRequest.of("r", GROUP, "alice", months));

        assertThat(error.errorCode()).isEqualTo("INVALID_ATTRIBUTE");
        assertThat(error.detail()).isEqualTo("Invalid attribute monthsUntilExpiration specified.");
        assertThat(error.parameters()).containsExactly("monthsUntilExpiration");
    }

    @Test
    void aMalformedGroupIdIsA404InvalidGroupIdThatStillListsEveryProblem() {
        AtlasApiError error = refused(ReceivedRequest.of("r", "5EFDA6AEA3F2ED2E7DD6CE05", "", 99));

        assertThat(error.status()).isEqualTo(404);
        assertThat(error.reason()).isEqualTo("Not Found");
        assertThat(error.errorCode()).isEqualTo("INVALID_GROUP_ID");
        assertThat(error.detail()).isEqualTo("An invalid group ID 5EFDA6AEA3F2ED2E7DD6CE05 was specified.");
        assertThat(error.parameters()).containsExactly("5EFDA6AEA3F2ED2E7DD6CE05");
        assertThat(error.fields()).extracting(FieldError::field)
                .containsExactly("groupId", "username", "monthsUntilExpiration");
    }

    @Test
    void groupIdsOfTheWrongLengthOrAlphabetAreMalformed() {
        for (String groupId : List.of("5efda6aea3f2ed2e7dd6ce0", "5efda6aea3f2ed2e7dd6ce055", "5efda6aea3f2ed2e7dd6ce0g",
                " 5efda6aea3f2ed2e7dd6ce05", "5efda6aea3f2ed2e7dd6ce05\n", "")) {
            assertThat(refused(ReceivedRequest.of("r", groupId, "alice", 3)).errorCode())
                    .as(groupId).isEqualTo("INVALID_GROUP_ID");
        }
    }

    @Test
    void aMissingGroupIdIsAMissingAttribute() {
        AtlasApiError error = refused(ReceivedRequest.of("r", null, "alice", 3));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.errorCode()).isEqualTo("MISSING_ATTRIBUTE");
        assertThat(error.detail()).isEqualTo("The required attribute groupId was not specified.");
    }

    @Test
    void aMissingUsernameIsAMissingAttribute() {
        AtlasApiError error = refused(ReceivedRequest.of("r", GROUP, null, 3));

        assertThat(error.errorCode()).isEqualTo("MISSING_ATTRIBUTE");
        assertThat(error.parameters()).containsExactly("username");
        assertThat(error.fields()).extracting(FieldError::description).containsExactly("username is required");
    }

    @Test
    void usernamesMayBeUpTo1024Characters() {
        assertThat(validator.validate(ReceivedRequest.of("r", GROUP, "u".repeat(1024), 3)))
                .isInstanceOf(Validation.Valid.class);
        AtlasApiError error = refused(ReceivedRequest.of("r", GROUP, "u".repeat(1025), 3));
        assertThat(error.errorCode()).isEqualTo("INVALID_ATTRIBUTE");
        assertThat(error.fields()).extracting(FieldError::description)
                .containsExactly("username must be at most 1024 characters");
    }

    @Test
    void aUsernameWithALoneSurrogateIsInvalidButOneOutsideTheBmpIsFine() {
        assertThat(refused(ReceivedRequest.of("r", GROUP, "eve\uD800", 3)).fields())
                .extracting(FieldError::description).containsExactly("username must be well-formed Unicode text");
        assertThat(validator.validate(ReceivedRequest.of("r", GROUP, "dev \uD83D\uDC69", 3)))
                .isInstanceOf(Validation.Valid.class);
    }

    @Test
    void severalProblemsAreOneValidationErrorListingThemAll() {
        AtlasApiError error = refused(ReceivedRequest.of("r", GROUP, "", 0));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.detail()).isEqualTo("The request content produced the validation error: "
                + "username must not be empty; monthsUntilExpiration must be at least 1.");
        assertThat(error.fields()).extracting(FieldError::field).containsExactly("username", "monthsUntilExpiration");
    }

    @Test
    void wrongJsonTypesFoundWhileDecodingAreReportedWithTheOtherProblems() {
        ReceivedRequest request = new ReceivedRequest("r", GROUP, null, null, null,
                List.of(FieldProblem.invalid("username", "username must be a string"),
                        FieldProblem.invalid("monthsUntilExpiration", "monthsUntilExpiration must be an integer")));

        AtlasApiError error = refused(request);

        assertThat(error.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.fields()).extracting(FieldError::field).containsExactly("username", "monthsUntilExpiration");
    }

    @Test
    void refusalsAreNeverRetryable() {
        assertThat(refused(ReceivedRequest.of("r", GROUP, "alice", 30)).retryable()).isFalse();
        assertThat(ErrorCode.UNEXPECTED_ERROR.error().asRetryable().retryable()).isTrue();
    }

    private AtlasApiError refused(ReceivedRequest request) {
        Validation validation = validator.validate(request);
        assertThat(validation).isInstanceOf(Validation.Invalid.class);
        return ((Validation.Invalid) validation).error();
    }
}
