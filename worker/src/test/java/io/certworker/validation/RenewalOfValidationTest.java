package io.certworker.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.contracts.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenewalOfValidationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    final RequestValidator validator = new RequestValidator();

    @Test
    void aRenewalOfASerialIsCarriedToTheOrder() {
        Validation validation = validator.validate(new ReceivedRequest("r-1", GROUP, "alice", 3, null, List.of(), null,
                "3057694138473201217"));

        assertThat(((Validation.Valid) validation).order().renewalOf()).isEqualTo("3057694138473201217");
    }

    @Test
    void aRenewalOfSomethingThatIsNotASerialIsAnInvalidAttribute() {
        Validation validation = validator.validate(new ReceivedRequest("r-1", GROUP, "alice", 3, null, List.of(), null,
                "the old one"));

        var error = ((Validation.Invalid) validation).error();
        assertThat(error.errorCode()).isEqualTo("INVALID_ATTRIBUTE");
        assertThat(error.fields()).extracting(FieldError::field).containsExactly("renewalOf");
    }
}
