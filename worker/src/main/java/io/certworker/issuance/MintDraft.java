package io.certworker.issuance;

import java.util.Objects;

/**
 * An issuer's note that it is about to mint a certificate for a request: written durably before minting, so that after
 * a crash the issuer finishes that same certificate instead of minting another. {@code secret} is what the issuer
 * needs to finish (for the internal CA: the serial, validity and key pair); journals must keep it encrypted and drop it
 * once the outcome is published. {@link #toString()} never shows it.
 *
 * @param requestId the request being minted for
 * @param issuer    which issuer wrote the note
 * @param secret    issuer-specific content; may be empty
 */
public record MintDraft(String requestId, String issuer, byte[] secret) {
    public MintDraft {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(issuer, "issuer");
        secret = secret == null ? new byte[0] : secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MintDraft draft && draft.requestId.equals(requestId) && draft.issuer.equals(issuer)
                && java.util.Arrays.equals(draft.secret, secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestId, issuer, java.util.Arrays.hashCode(secret));
    }

    @Override
    public String toString() {
        return "MintDraft[requestId=" + requestId + ", issuer=" + issuer + ", secret=(redacted)]";
    }
}
