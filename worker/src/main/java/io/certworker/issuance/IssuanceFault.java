package io.certworker.issuance;

import io.certworker.apierror.AtlasApiError;
import io.certworker.apierror.ErrorCode;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An issuance that failed because of the issuer, not of the request, whose type says whether the same request may
 * succeed later, as Kafka's clients put retriability in the exception type: a {@link PermanentIssuanceFault} will fail
 * again until an operator acts (the request is answered {@code retryable: false} with what to do), a
 * {@link TransientIssuanceFault} may pass by itself. Anything else an issuer throws is unexpected.
 */
public abstract sealed class IssuanceFault extends RuntimeException
        permits PermanentIssuanceFault, TransientIssuanceFault {
    private final ErrorCode code;
    private final List<Object> parameters;

    IssuanceFault(ErrorCode code, Throwable cause, Object... parameters) {
        super(code.error(parameters).detail(), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.parameters = Arrays.asList(parameters.clone());
    }

    /** Whether the same request may succeed later without anyone doing anything. */
    public abstract boolean retryable();

    /** The error code the request is answered with. */
    public ErrorCode code() {
        return code;
    }

    /** The error the request is answered with. */
    public AtlasApiError error() {
        AtlasApiError error = code.error(parameters.toArray());
        return retryable() ? error.asRetryable() : error;
    }
}
