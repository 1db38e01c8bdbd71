package io.certworker.issuance;

import io.certworker.apierror.AtlasApiError;
import java.util.Objects;

/**
 * What a {@link Minter} decided before minting: the certificate to be, or the order's refusal.
 *
 * @param <P> the minter's own form of the certificate to be
 */
public sealed interface Preparation<P> {

    /**
     * Ready to mint.
     *
     * @param plan   the certificate to be, as the minter will mint it now
     * @param secret the same as bytes, for the journal: everything the minter needs to make exactly this certificate
     *               again after a crash (kept wrapped, dropped once published)
     */
    record Prepared<P>(P plan, byte[] secret) implements Preparation<P> {
        public Prepared {
            secret = secret == null ? new byte[0] : secret.clone();
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        @Override
        public String toString() {
            return "Prepared[secret=(redacted)]";
        }
    }

    /**
     * Ready to mint a certificate that the same order always yields, bytes for bytes (its serial and validity derived
     * from the order, its key the requester's, its signature deterministic): minted again after a crash it is the
     * same certificate, so nothing needs to be journaled first.
     */
    record Reproducible<P>(P plan) implements Preparation<P> {
    }

    /** The order cannot be served (a CSR that fails a check, say): nothing is journaled, nothing minted. */
    record Refused<P>(AtlasApiError error) implements Preparation<P> {
        public Refused {
            Objects.requireNonNull(error, "error");
        }
    }
}
