package io.certworker.issuance;

import java.util.Arrays;
import java.util.Objects;

/**
 * An issuer's note that it is about to mint a certificate for a request: written durably before minting, so that after
 * a crash the issuer finishes that same certificate instead of minting another. {@code secret} is what the issuer
 * needs to finish (for the internal CA: the serial, validity and key pair); journals must keep it encrypted and drop it
 * once the outcome is published. {@link #toString()} never shows it.
 *
 * @param requestId the request being minted for
 * @param groupId   the request's project
 * @param username  the request's user; with {@code groupId}, where the journal keeps the draft
 * @param issuer    which issuer wrote the note
 * @param secret    issuer-specific content; may be empty
 */
public record MintDraft(String requestId, String groupId, String username, String issuer, byte[] secret) {
    public MintDraft {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(issuer, "issuer");
        secret = secret == null ? new byte[0] : secret.clone();
    }

    /** The draft of {@code order}'s certificate. */
    public static MintDraft of(CertificateOrder order, String issuer, byte[] secret) {
        return new MintDraft(order.requestId(), order.groupId(), order.username(), issuer, secret);
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MintDraft draft && draft.requestId.equals(requestId) && draft.groupId.equals(groupId)
                && draft.username.equals(username) && draft.issuer.equals(issuer) && Arrays.equals(draft.secret, secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestId, groupId, username, issuer, Arrays.hashCode(secret));
    }

    @Override
    public String toString() {
        return "MintDraft[requestId=" + requestId + ", issuer=" + issuer + ", secret=(redacted)]";
    }
}
