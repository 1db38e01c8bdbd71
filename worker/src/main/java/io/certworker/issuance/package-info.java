/**
 * Issuing: the {@link io.certworker.issuance.Issuer} port, what it is asked ({@link io.certworker.issuance.CertificateOrder})
 * and what it answers ({@link io.certworker.issuance.IssuanceResult}).
 *
 * <p>Each issuer is a {@link io.certworker.issuance.Minter} in a sub-package of its own ({@code ca}, {@code atlas}),
 * and an {@code Issuer} only through {@link io.certworker.issuance.JournaledIssuer}, the journal-before-mint protocol
 * ({@link io.certworker.issuance.MintJournal}). A failure of the issuer's says in its type whether it may pass:
 * {@link io.certworker.issuance.PermanentIssuanceFault} or {@link io.certworker.issuance.TransientIssuanceFault}.
 */
package io.certworker.issuance;
