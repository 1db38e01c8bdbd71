package io.certworker.issuance.ca.pkcs11;

import io.certworker.apierror.ErrorCode;
import io.certworker.issuance.TransientIssuanceFault;

/**
 * The token cannot be used now (gone, logged out, not answering): a transient fault; the request is answered with a
 * retryable 500 {@code CA_KEY_TOKEN_UNAVAILABLE}, and the token is looked for again in the background.
 */
public final class TokenUnavailableException extends TransientIssuanceFault {
    private static final long serialVersionUID = 1L;

    TokenUnavailableException(String message, Throwable cause) {
        super(ErrorCode.CA_KEY_TOKEN_UNAVAILABLE, cause, message);
    }
}
