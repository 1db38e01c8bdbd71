package io.certworker.revocation;

import io.certworker.apierror.ErrorCode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Decides a valid revocation request, top to bottom: is the certificate known? issued by the internal CA (Atlas has
 * no revocation)? revoked already (the original revocation is the answer)? expired (nothing to revoke)? Only then
 * revoke it, at the current second (a CRL says whole seconds). Requests the worker asked itself publish nothing when
 * there is nothing to do.
 */
public final class Revocations {

    /**
     * @param order     the request
     * @param known     the certificate, as the ledger knows it (read to its end when it did not at first)
     * @param decided   a revocation of the same certificate decided for an earlier record of the same partition and
     *                  not yet known to be committed: it is committed before or with this record's answer, so it is
     *                  this record's "revoked before"
     * @param groupKnown whether the project has any certificate or user at all
     * @param now       the time
     */
    public RevocationDecision decide(RevocationOrder order, Optional<CertificateRecord> known,
                                     Optional<CertificateRecord> decided, boolean groupKnown, Instant now) {
        boolean answer = !order.askedByWorker();
        if (known.isEmpty()) {
            return new RevocationDecision.Refused(groupKnown
                    ? ErrorCode.CERT_NOT_FOUND.error(order.serial().toString(), order.username())
                    : ErrorCode.GROUP_NOT_FOUND.error(order.groupId()), answer);
        }
        CertificateRecord certificate = known.get();
        if (!certificate.issuedByInternalCa()) {
            return new RevocationDecision.Refused(
                    ErrorCode.CANNOT_REVOKE_ATLAS_CERT.error(order.serial().toString()), answer);
        }
        if (certificate.revoked()) {
            return new RevocationDecision.AlreadyRevoked(certificate, answer);
        }
        if (decided.isPresent()) {
            return new RevocationDecision.AlreadyRevoked(decided.get(), answer);
        }
        if (certificate.expiredAt(now)) {
            return new RevocationDecision.Refused(ErrorCode.CERT_ALREADY_EXPIRED.error(order.serial().toString(),
                    certificate.notAfter().toString()), answer);
        }
        return new RevocationDecision.Revoke(certificate.revoke(now.truncatedTo(ChronoUnit.SECONDS), order.reason()));
    }
}
