/**
 * What relying parties ask a CA after issuance, answered from the certificate table with the project CAs' keys
 * (BouncyCastle): each project's X.509 v2 CRL ({@link io.certworker.pki.ProjectCrls}), OCSP answers
 * ({@link io.certworker.pki.OcspResponder}), and the operations port's routes serving both
 * ({@link io.certworker.pki.PkiRoutes}).
 */
package io.certworker.pki;
