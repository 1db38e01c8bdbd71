package io.certworker.revocation;

import static io.certworker.revocation.Certificates.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.contracts.RevocationReason;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RevocationsTest {
    final Revocations revocations = new Revocations();

    static RevocationOrder order(String requestId) {
        return new RevocationOrder(requestId, Certificates.GROUP, "alice", BigInteger.valueOf(7),
                RevocationReason.KEY_COMPROMISE);
    }

    @Test
    void aKnownCertificateOfTheInternalCaIsRevokedAtTheCurrentSecondForTheRequestedReason() {
        RevocationDecision decision = revocations.decide(order("r-1"), Optional.of(Certificates.issued(7)),
                Optional.empty(), true, NOW.plusMillis(750));

        CertificateRecord revoked = ((RevocationDecision.Revoke) decision).certificate();
        assertThat(revoked.revokedAt()).isEqualTo(NOW);
        assertThat(revoked.reason()).isEqualTo(RevocationReason.KEY_COMPROMISE);
    }

    @Test
    void aCertificateRevokedBeforeIsAnsweredWithTheOriginalRevocation() {
        CertificateRecord earlier = Certificates.revoked(7, NOW.minusSeconds(99))
                .revoke(NOW.minusSeconds(99), RevocationReason.SUPERSEDED);

        RevocationDecision decision = revocations.decide(order("r-2"), Optional.of(earlier), Optional.empty(), true,
                NOW);

        assertThat(decision).isEqualTo(new RevocationDecision.AlreadyRevoked(earlier, true));
    }

    @Test
    void aRevocationDecidedForAnEarlierRecordCountsAsRevokedBefore() {
        CertificateRecord decided = Certificates.revoked(7, NOW.minusSeconds(1));

        RevocationDecision decision = revocations.decide(order("r-3"), Optional.of(Certificates.issued(7)),
                Optional.of(decided), true, NOW);

        assertThat(decision).isEqualTo(new RevocationDecision.AlreadyRevoked(decided, true));
    }

    @Test
    void anUnknownSerialIsCertNotFoundAndAnUnknownProjectGroupNotFound() {
        RevocationDecision unknownSerial = revocations.decide(order("r-4"), Optional.empty(), Optional.empty(), true,
                NOW);
        RevocationDecision unknownGroup = revocations.decide(order("r-5"), Optional.empty(), Optional.empty(), false,
                NOW);

        assertThat(((RevocationDecision.Refused) unknownSerial).error().errorCode()).isEqualTo("CERT_NOT_FOUND");
        assertThat(((RevocationDecision.Refused) unknownSerial).error().status()).isEqualTo(404);
        assertThat(((RevocationDecision.Refused) unknownSerial).error().detail())
                .isEqualTo("No certificate with serial number 7 exists for user alice.");
        assertThat(((RevocationDecision.Refused) unknownGroup).error().errorCode()).isEqualTo("GROUP_NOT_FOUND");
    }

    @Test
    void aCertificateIssuedThroughAtlasCannotBeRevokedAndTheDetailSaysToDeleteTheUser() {
        RevocationDecision decision = revocations.decide(order("r-6"), Optional.of(Certificates.byAtlas(7)),
                Optional.empty(), true, NOW);

        var error = ((RevocationDecision.Refused) decision).error();
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.errorCode()).isEqualTo("CANNOT_REVOKE_ATLAS_CERT");
        assertThat(error.detail()).contains("Atlas has no revocation", "Delete the database user");
    }

    @Test
    void anExpiredCertificateIsNotRevoked() {
        CertificateRecord expired = Certificates.issued(7, NOW.minus(Duration.ofDays(40)), Duration.ofDays(30));

        RevocationDecision decision = revocations.decide(order("r-7"), Optional.of(expired), Optional.empty(), true,
                NOW);

        assertThat(((RevocationDecision.Refused) decision).error().errorCode()).isEqualTo("CERT_ALREADY_EXPIRED");
    }

    @Test
    void aRevocationTheWorkerAskedItselfSaysNothingWhenThereIsNothingToDo() {
        String workers = WorkerRequestIds.userRemoved(Certificates.GROUP, BigInteger.valueOf(7));

        assertThat(revocations.decide(order(workers), Optional.of(Certificates.revoked(7, NOW)), Optional.empty(),
                true, NOW)).isEqualTo(new RevocationDecision.AlreadyRevoked(Certificates.revoked(7, NOW), false));
        assertThat(((RevocationDecision.Refused) revocations.decide(order(workers), Optional.empty(),
                Optional.empty(), true, NOW)).answer()).isFalse();
        assertThat(revocations.decide(order(workers), Optional.of(Certificates.issued(7)), Optional.empty(), true,
                NOW)).isInstanceOf(RevocationDecision.Revoke.class);
    }
}
