package io.certworker.issuance;

import io.certworker.apierror.ErrorCode;

/**
 * A fault that may pass by itself (a journal or store that cannot be reached for now, a token that is away): the
 * request is answered {@code retryable: true}, and the same request may succeed when sent again.
 */
public non-sealed class TransientIssuanceFault extends IssuanceFault {
    public TransientIssuanceFault(ErrorCode code, Throwable cause, Object... parameters) {
        super(code, cause, parameters);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
