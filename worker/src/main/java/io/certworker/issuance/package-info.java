/**
 * Issuing: the {@link io.certworker.issuance.Issuer} port, what it is asked ({@link io.certworker.issuance.CertificateOrder})
 * and what it answers ({@link io.certworker.issuance.IssuanceResult}). Implementations live in sub-packages, one per issuer.
 */
package io.certworker.issuance;
