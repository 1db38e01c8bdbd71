package io.certworker.revocation;

import java.math.BigInteger;

/**
 * The requestIds of revocations the worker asks for itself. They are derived from what they revoke, so the same
 * revocation asked twice (by two instances during a rebalance, say) has the same id, and one that finds the
 * certificate revoked already publishes nothing more.
 */
public final class WorkerRequestIds {
    static final String PREFIX = "worker:";

    private WorkerRequestIds() {
    }

    /** The revocation of a certificate whose user was deleted or is no longer MANAGED. */
    public static String userRemoved(String groupId, BigInteger serial) {
        return PREFIX + "user-removed:" + groupId + ":" + serial;
    }

    /** The revocation of a certificate renewed by another, once the grace period has passed. */
    public static String superseded(String groupId, BigInteger serial) {
        return PREFIX + "superseded:" + groupId + ":" + serial;
    }

    public static boolean isWorkers(String requestId) {
        return requestId.startsWith(PREFIX);
    }
}
