package io.certworker.issuance.ca.pkcs11;

/**
 * The token cannot be used now (gone, logged out, not answering): a transient failure; the request is answered with
 * a retryable error and the token is looked for again in the background.
 */
public final class TokenUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TokenUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
