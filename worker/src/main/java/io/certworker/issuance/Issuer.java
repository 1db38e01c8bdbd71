package io.certworker.issuance;

import java.util.concurrent.CompletionStage;

/**
 * Issues one certificate for one validated order. Implementations do their slow work (key generation, remote calls)
 * off the caller's thread and complete the stage when done.
 *
 * <p>An expected refusal completes normally with {@link IssuanceResult.Refused}. The stage completes exceptionally
 * only for the unexpected (a bug, a broken CA store); the caller turns that into a retryable 500.
 */
public interface Issuer {
    CompletionStage<IssuanceResult> issue(CertificateOrder order);
}
