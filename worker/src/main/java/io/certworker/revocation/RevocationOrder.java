package io.certworker.revocation;

import io.certworker.contracts.RevocationReason;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A valid revocation request.
 *
 * @param requestId the request's id, given or derived
 * @param groupId   the project, 24 lowercase hexadecimal characters
 * @param username  the certificate's user
 * @param serial    the certificate's serial number
 * @param reason    why it is revoked
 */
public record RevocationOrder(String requestId, String groupId, String username, BigInteger serial,
                              RevocationReason reason) {
    public RevocationOrder {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(reason, "reason");
    }

    /** The key of the certificate's ledger entry. */
    public String ledgerKey() {
        return LedgerKeys.of(groupId, username, serial);
    }

    /** Whether the worker asked for this revocation itself (a removed user, a superseded certificate). */
    public boolean askedByWorker() {
        return WorkerRequestIds.isWorkers(requestId);
    }
}
