package io.certworker.issuance.ca;

import io.certworker.issuance.Issuer;
import static io.certworker.issuance.ca.CaTestKit.NOW;
import static io.certworker.issuance.ca.CaTestKit.clockAt;
import static io.certworker.issuance.ca.CaTestKit.ecSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.IssuedCertificate;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.MintDraft;
import io.certworker.issuance.MintJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A certificate is noted in the journal before it is signed, and a request whose note is found (its first attempt was
 * interrupted) is signed again from the note: the very same certificate, byte for byte.
 */
class MintDraftRecoveryTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";

    @TempDir
    Path dir;

    /** A journal in memory that remembers what it was given. */
    static final class MemoryJournal implements MintJournal {
        final Map<String, MintDraft> drafts = new ConcurrentHashMap<>();

        @Override
        public CompletionStage<Void> record(MintDraft draft) {
            drafts.put(draft.requestId(), draft);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Optional<MintDraft> find(String requestId) {
            return Optional.ofNullable(drafts.get(requestId));
        }
    }

    @ParameterizedTest(name = "CA and subject keys {0}")
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void aRequestFinishedFromItsDraftGetsTheSameCertificate(KeyAlgorithm algorithm) {
        CaSettings settings = new CaSettings(algorithm, algorithm, "cert-worker", "cert-worker", Duration.ofDays(3650),
                Duration.ofDays(7300));
        MemoryJournal journal = new MemoryJournal();
        CertificateOrder order = new CertificateOrder("r-1", GROUP, "alice", 3);

        IssuedCertificate first = issue(issuer(settings, journal, clockAt(NOW)), order);
        assertThat(journal.drafts).containsKey("r-1");
        assertThat(journal.drafts.get("r-1").toString()).doesNotContain("PRIVATE");

        // Another process, later, with only the journal and the CA store in common.
        IssuedCertificate again = issue(issuer(settings, journal, clockAt(NOW.plus(Duration.ofHours(5)))), order);

        assertThat(again.pem()).isEqualTo(first.pem());
        assertThat(again.serialNumber()).isEqualTo(first.serialNumber());
        assertThat(again.notAfter()).isEqualTo(first.notAfter());
    }

    @Test
    void theDraftIsDurableBeforeTheCertificateIsSignedAndEverySignatureIsLogged() throws Exception {
        Path log = dir.resolve("signatures.log");
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        MintJournal observing = new MintJournal() {
            @Override
            public CompletionStage<Void> record(MintDraft draft) {
                events.add("draft recorded; log lines: " + lines(log));
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public Optional<MintDraft> find(String requestId) {
                return Optional.empty();
            }
        };
        Issuer issuer = InternalCaIssuer.create(ecSettings(), new RootCaSource.GeneratedIn(dir.resolve("root")),
                GroupCaStore.onDisk(dir.resolve("groups")), observing, log, CaTestKit.DIRECT, clockAt(NOW));

        IssuedCertificate issued = issue(issuer, new CertificateOrder("r-2", GROUP, "bob", 1));

        assertThat(events).containsExactly("draft recorded; log lines: 0");
        List<String> signed = Files.readAllLines(log);
        assertThat(signed).hasSize(1);
        assertThat(signed.get(0)).contains("\"serialNumber\":\"" + issued.serialNumber() + "\"", "\"requestId\":\"r-2\"",
                "\"username\":\"bob\"").doesNotContain("PRIVATE", "BEGIN");
    }

    private Issuer issuer(CaSettings settings, MintJournal journal, java.time.Clock clock) {
        return InternalCaIssuer.create(settings, new RootCaSource.GeneratedIn(dir.resolve("root")),
                GroupCaStore.onDisk(dir.resolve("groups")), journal, dir.resolve("signatures.log"), CaTestKit.DIRECT,
                clock);
    }

    private static IssuedCertificate issue(Issuer issuer, CertificateOrder order) {
        IssuanceResult result = issuer.issue(order).toCompletableFuture().join();
        assertThat(result).isInstanceOf(IssuanceResult.Issued.class);
        return ((IssuanceResult.Issued) result).certificate();
    }

    private static int lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
