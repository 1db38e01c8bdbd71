/**
 * A certificate's life after issuance, free of Kafka, HTTP and BouncyCastle: the table of certificates the ledger
 * knows ({@link io.certworker.revocation.CertificateTable}), the checks and the decision on a revocation request
 * ({@link io.certworker.revocation.RevocationValidator}, {@link io.certworker.revocation.Revocations}), and the time
 * rules of CRLs ({@link io.certworker.revocation.CrlSchedule}) and expiry warnings
 * ({@link io.certworker.revocation.ExpiryWarnings}).
 */
package io.certworker.revocation;
