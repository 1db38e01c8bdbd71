package io.certworker.contracts;

/**
 * Default topic names and the record key every certificate topic uses.
 *
 * <p>Keys are {@code groupId/username} so that all requests and outcomes of one database user land on the same
 * partition and stay in order.
 */
public final class Topics {
    /** Certificate requests, produced by clients. */
    public static final String REQUESTS = "cert-requests";
    /** One {@link CertificateIssued} per successful request. */
    public static final String ISSUED = "cert-issued";
    /** One {@link CertificateFailed} per refused request. */
    public static final String FAILED = "cert-failed";
    /** Records of the requests topic that are not a request at all, byte for byte. */
    public static final String DEAD_LETTERS = "cert-requests-dlq";
    /** Compacted table of {@link DatabaseUser}s; a tombstone (null value) deletes the user, and so does an empty one. */
    public static final String USERS = "db-users";
    /** Compacted table of {@link UserSecurity} per project (customer-managed X.509); key {@code groupId}. */
    public static final String USER_SECURITY = "user-security";
    /** Compacted table of {@link LedgerEntry}s, one per issued certificate. */
    public static final String LEDGER = "cert-ledger";
    /**
     * The worker's own: per request, whether it was answered with a certificate, and drafts of certificates being
     * minted (keys wrapped). Compacted and time-limited, co-partitioned with {@link #REQUESTS}. Not for other readers.
     */
    public static final String REQUESTS_STATE = "cert-requests-state";
    /** The worker's own: per-project CAs shared by all instances (keys wrapped). One partition. Not for other readers. */
    public static final String CA_STORE = "cert-ca-store";

    /** Revocation requests ({@link RevocationRequest}), produced by clients and by the worker itself; key {@code groupId/username}. */
    public static final String REVOCATIONS = "cert-revocations";
    /** One {@link CertificateRevoked} per revocation request that revoked (or had revoked) a certificate. */
    public static final String REVOKED = "cert-revoked";
    /** One {@link CertificateExpiring} per certificate, some time before it expires. */
    public static final String EXPIRING = "cert-expiring";
    /**
     * The worker's own: per certificate, that its expiry warning was published (written in the warning's
     * transaction). Compacted. Not for other readers.
     */
    public static final String LIFECYCLE_STATE = "cert-lifecycle-state";

    private Topics() {
    }

    /** The record key of a ledger entry: {@code groupId/username/serial}, serial in decimal. */
    public static String ledgerKey(String groupId, String username, java.math.BigInteger serial) {
        return key(groupId, username) + "/" + serial;
    }

    /** The record key of a user's requests, outcomes and directory entry: {@code groupId/username}. */
    public static String key(String groupId, String username) {
        return groupId + "/" + username;
    }
}
