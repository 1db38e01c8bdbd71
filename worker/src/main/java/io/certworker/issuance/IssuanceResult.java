package io.certworker.issuance;

import io.certworker.apierror.AtlasApiError;
import java.util.Objects;

/** What an {@link Issuer} answers: a certificate, or Atlas's reason for refusing one. */
public sealed interface IssuanceResult {

    /** The certificate was issued. */
    record Issued(IssuedCertificate certificate) implements IssuanceResult {
        public Issued {
            Objects.requireNonNull(certificate, "certificate");
        }
    }

    /** The issuer refused, or gave up after retrying a transient fault ({@link AtlasApiError#retryable()}). */
    record Refused(AtlasApiError error) implements IssuanceResult {
        public Refused {
            Objects.requireNonNull(error, "error");
        }
    }
}
