package io.certworker.issuance;

import io.certworker.apierror.ErrorCode;

/**
 * A fault that will repeat for this request until an operator acts: the issuing CA cannot cover the requested
 * validity, a stored CA comes from another root, a key cannot be unwrapped with this worker's key-encryption key.
 * Answered with its own error code, {@code retryable: false}, and a detail saying what to do.
 */
public final class PermanentIssuanceFault extends IssuanceFault {
    public PermanentIssuanceFault(ErrorCode code, Object... parameters) {
        super(code, null, parameters);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
