package io.certworker.issuance;

import java.util.concurrent.CompletionStage;

/**
 * An issuer, in the steps the journal-before-mint protocol needs: decide everything the certificate will be
 * ({@link #prepare}), mint it once that decision is durable ({@link #mint}), or finish an attempt a crash interrupted
 * ({@link #resume}). A minter is never asked for certificates directly: {@link JournaledIssuer} is the one
 * {@link Issuer} of every minter, so no issuer can mint without its draft journaled first.
 *
 * <p>Implementations do their slow work off the caller's thread. Expected refusals are values; an
 * {@link IssuanceFault} says whether a failure may pass; anything else is unexpected.
 *
 * @param <P> the minter's own form of a certificate to be
 */
public interface Minter<P> {

    /** The issuer's name in events ({@code internal-ca}, {@code atlas}). */
    String name();

    /** Decides the certificate to be (or refuses the order); mints nothing. */
    CompletionStage<Preparation<P>> prepare(CertificateOrder order);

    /** Mints the certificate {@code plan} describes; called only once its draft is durable. */
    CompletionStage<IssuanceResult> mint(CertificateOrder order, P plan);

    /**
     * Finishes an attempt that was interrupted after its draft was journaled (the worker stopped mid-way), from the
     * draft's secret: the same certificate again when the minter can make it, else a refusal that says why.
     */
    CompletionStage<IssuanceResult> resume(CertificateOrder order, byte[] secret);
}
