package io.certworker.validation;

import io.certworker.apierror.AtlasApiError;
import io.certworker.issuance.CertificateOrder;

/** The verdict on a request: an order to issue, or Atlas's error for it. */
public sealed interface Validation {

    record Valid(CertificateOrder order) implements Validation {
    }

    record Invalid(AtlasApiError error) implements Validation {
    }
}
