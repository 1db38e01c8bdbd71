package io.certworker.bench;

import io.certworker.issuance.KeyAlgorithm;

/**
 * One benchmark case.
 *
 * @param name      short name, for example {@code rsa4096}
 * @param algorithm subject key type (the CA's is P-256 in every case, so that only the subject key varies)
 * @param csr       whether requests carry a CSR (the requester's key) instead of asking for a key pair
 * @param pool      key pool size for the end-to-end run (0: none); with a pool the run waits for it to fill first
 * @param requests  how many requests
 * @param idle      whether requests go one at a time, each sent once the one before is answered: the latency of a
 *                  request on an idle worker, not of a backlog
 */
public record Scenario(String name, KeyAlgorithm algorithm, boolean csr, int pool, int requests, boolean idle) {
    /** A scenario whose requests are sent all at once. */
    public Scenario(String name, KeyAlgorithm algorithm, boolean csr, int pool, int requests) {
        this(name, algorithm, csr, pool, requests, false);
    }
}
