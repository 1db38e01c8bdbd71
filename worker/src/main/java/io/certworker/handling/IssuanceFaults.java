package io.certworker.handling;

import io.certworker.apierror.AtlasApiError;
import io.certworker.apierror.ErrorCode;
import io.certworker.issuance.IssuanceFault;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failure to issue becomes the request's answer. An {@link IssuanceFault} answers its own error,
 * {@code retryable} as its type says: a permanent one needs an operator and is logged as an error, once per request,
 * with what to do; a transient one is logged as a warning. Anything else is unexpected: logged with its stack trace
 * and answered 500 {@code UNEXPECTED_ERROR}, retryable, since nothing says it will fail again.
 */
final class IssuanceFaults {
    private static final Logger LOG = LoggerFactory.getLogger(IssuanceFaults.class);

    private IssuanceFaults() {
    }

    static AtlasApiError answer(String requestId, Throwable failure) {
        Throwable cause = unwrapped(failure);
        if (cause instanceof IssuanceFault fault) {
            if (fault.retryable()) {
                LOG.warn("Request {} could not be issued for now ({}): {}", requestId, fault.code(),
                        fault.getCause() == null ? fault.getMessage() : fault.getCause().toString());
            } else {
                LOG.error("Request {} cannot be issued until an operator acts ({}): {}", requestId, fault.code(),
                        fault.getMessage());
            }
            return fault.error();
        }
        LOG.error("Unexpected failure handling request {}", requestId, failure);
        return ErrorCode.UNEXPECTED_ERROR.error().asRetryable();
    }

    private static Throwable unwrapped(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
