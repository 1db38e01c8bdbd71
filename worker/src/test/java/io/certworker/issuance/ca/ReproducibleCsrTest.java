package io.certworker.issuance.ca;

import static io.certworker.issuance.ca.CaTestKit.NOW;
import static io.certworker.issuance.ca.CaTestKit.clockAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.IssuedCertificate;
import io.certworker.issuance.Issuer;
import io.certworker.issuance.JournaledIssuer;
import io.certworker.issuance.MintDraft;
import io.certworker.issuance.MintJournal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSR order of known request time is reproducible: its serial is derived from the order, its validity from the
 * request's time, its key is the requester's and the signature deterministic, so the same order read again (after a
 * crash, on another instance) yields the very same certificate, and nothing needs journaling before it is signed.
 */
class ReproducibleCsrTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final Instant REQUESTED = NOW.minus(Duration.ofMinutes(7)).plusMillis(123);
    static final byte[] SERIAL_KEY = "a key of the CA's own, for serials".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    final List<MintDraft> journaled = new ArrayList<>();
    KeyPair requester;

    final MintJournal journal = new MintJournal() {
        @Override
        public CompletionStage<Void> record(MintDraft draft) {
            journaled.add(draft);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Optional<MintDraft> find(String requestId) {
            return Optional.empty();
        }
    };

    @BeforeEach
    void keys() throws Exception {
        requester = CsrModeTest.ec("secp256r1");
    }

    @Test
    void theSameOrderYieldsTheSameCertificateBytesWithoutADraft() throws Exception {
        String csr = CsrModeTest.csr(requester, CsrModeTest.name("alice"));
        CertificateOrder order = new CertificateOrder("r-1", GROUP, "alice", 3, csr, REQUESTED);

        IssuedCertificate first = issued(issuer(dir.resolve("instance-a"), NOW).issue(order));
        // Read again later, even by an instance whose clock says otherwise: the same certificate.
        IssuedCertificate again = issued(issuer(dir.resolve("instance-a"), NOW.plus(Duration.ofHours(5))).issue(order));

        assertThat(again.pem()).isEqualTo(first.pem());
        assertThat(first.notBefore()).isEqualTo(Instant.parse("2026-08-10T01:59:35Z"));
        assertThat(first.notAfter()).isEqualTo(Instant.parse("2026-11-10T02:59:35Z"));
        assertThat(journaled).isEmpty();
        CaTestKit.verifyChain(first, NOW);
    }

    @Test
    void anotherRequestIdGetsAnotherSerial() throws Exception {
        String csr = CsrModeTest.csr(requester, CsrModeTest.name("alice"));
        Issuer issuer = issuer(dir, NOW);

        IssuedCertificate one = issued(issuer.issue(new CertificateOrder("r-1", GROUP, "alice", 3, csr, REQUESTED)));
        IssuedCertificate two = issued(issuer.issue(new CertificateOrder("r-2", GROUP, "alice", 3, csr, REQUESTED)));

        assertThat(one.serialNumber()).isNotEqualTo(two.serialNumber());
        assertThat(one.serialNumber().signum()).isPositive();
        assertThat(one.serialNumber().bitLength()).isLessThanOrEqualTo(64);
    }

    @Test
    void aCsrOrderOfUnknownTimeAndAKeyOrderAreJournaledAsBefore() throws Exception {
        String csr = CsrModeTest.csr(requester, CsrModeTest.name("alice"));
        Issuer issuer = issuer(dir, NOW);

        issued(issuer.issue(new CertificateOrder("unknown-time", GROUP, "alice", 3, csr, null)));
        issued(issuer.issue(new CertificateOrder("key-order", GROUP, "alice", 3, null, REQUESTED)));

        assertThat(journaled).extracting(MintDraft::requestId).containsExactly("unknown-time", "key-order");
    }

    private Issuer issuer(Path directory, Instant now) {
        return new JournaledIssuer<>(InternalCaIssuer.minter(CaTestKit.ecSettings(),
                new RootCaSource.GeneratedIn(directory.resolve("root")), GroupCaStore.onDisk(directory.resolve("groups")),
                null, CaObserver.NONE, KeyPool.NONE, CryptoProviders.automatic(), null, SERIAL_KEY, CaTestKit.DIRECT,
                clockAt(now)), journal);
    }

    private static IssuedCertificate issued(CompletionStage<IssuanceResult> stage) {
        IssuanceResult result = stage.toCompletableFuture().join();
        assertThat(result).isInstanceOf(IssuanceResult.Issued.class);
        return ((IssuanceResult.Issued) result).certificate();
    }
}
