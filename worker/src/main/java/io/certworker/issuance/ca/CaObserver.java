package io.certworker.issuance.ca;

import io.certworker.issuance.KeyAlgorithm;

/** What the internal CA reports, for metrics. */
public interface CaObserver {

    /** A key pair was generated in {@code nanos}. */
    void keyGenerated(KeyAlgorithm algorithm, long nanos);

    CaObserver NONE = (algorithm, nanos) -> { };
}
