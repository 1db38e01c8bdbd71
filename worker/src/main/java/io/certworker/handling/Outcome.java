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

    /** A certificate was issued; {@code renewalOf} is the serial of the certificate it renews, or null. */
    record Issued(String requestId, String groupId, String username, IssuedCertificate certificate,
                  String renewalOf) implements Outcome {
        public Issued {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(certificate, "certificate");
        }

        /** A certificate that renews nothing. */
        public Issued(String requestId, String groupId, String username, IssuedCertificate certificate) {
            this(requestId, groupId, username, certificate, null);
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
