package io.certworker.revocation;

import io.certworker.contracts.RevocationReason;

/** What revocation processing reports, for metrics. Called from the poll loop and from other threads. */
public interface RevocationObserver {

    /** A certificate was revoked (the answer is committed). */
    void revoked(RevocationReason reason);

    /** A request found its certificate revoked before. */
    void alreadyRevoked();

    /** A request was refused with this Atlas error code. */
    void refused(String errorCode);

    /** A record of the revocations topic was not a request at all. */
    void deadLettered();

    RevocationObserver NONE = new RevocationObserver() {
        @Override
        public void revoked(RevocationReason reason) {
        }

        @Override
        public void alreadyRevoked() {
        }

        @Override
        public void refused(String errorCode) {
        }

        @Override
        public void deadLettered() {
        }
    };
}
