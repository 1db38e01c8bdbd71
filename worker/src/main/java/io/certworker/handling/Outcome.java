package io.certworker.handling;

import io.certworker.apierror.AtlasApiError;
import io.certworker.issuance.IssuedCertificate;
import java.util.Objects;

/** The one answer every request gets. */
public sealed interface Outcome {

    String requestId();

    /** The request's groupId as sent (null if it had none). */
    String groupId();

    /** The request's username as sent (null if it had none). */
    String username();

    /** A certificate was issued. */
    record Issued(String requestId, String groupId, String username, IssuedCertificate certificate)
            implements Outcome {
        public Issued {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(certificate, "certificate");
        }
    }

    /** The request was refused, or could not be served ({@link AtlasApiError#retryable()}). */
    record Refused(String requestId, String groupId, String username, AtlasApiError error) implements Outcome {
        public Refused {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(error, "error");
        }
    }
}
