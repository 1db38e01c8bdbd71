package io.certworker.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.apierror.ErrorCode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The journal-before-mint protocol: drafts first, minting after; a draft found is finished, never minted anew. */
class JournaledIssuerTest {
    private static final CertificateOrder ORDER = new CertificateOrder("r-1", "5efda6aea3f2ed2e7dd6ce05", "alice", 3);

    /** Records the order of events: what the journal was asked, what the minter did. */
    private final List<String> events = new ArrayList<>();
    private final CompletableFuture<Void> durable = new CompletableFuture<>();
    private Optional<MintDraft> found = Optional.empty();

    private final MintJournal journal = new MintJournal() {
        @Override
        public CompletionStage<Void> record(MintDraft draft) {
            events.add("journal " + draft.requestId() + " " + new String(draft.secret(), StandardCharsets.UTF_8)
                    + " by " + draft.issuer() + " for " + draft.groupId() + "/" + draft.username());
            return durable;
        }

        @Override
        public Optional<MintDraft> find(String requestId) {
            return found;
        }
    };

    private final Minter<String> minter = new Minter<>() {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public CompletionStage<Preparation<String>> prepare(CertificateOrder order) {
            events.add("prepare");
            if (order.username().equals("refused")) {
                return CompletableFuture.completedFuture(new Preparation.Refused<>(ErrorCode.INVALID_ATTRIBUTE.error("csr")));
            }
            return CompletableFuture.completedFuture(new Preparation.Prepared<>("plan",
                    "secret".getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public CompletionStage<IssuanceResult> mint(CertificateOrder order, String plan) {
            events.add("mint " + plan);
            return CompletableFuture.completedFuture(issued());
        }

        @Override
        public CompletionStage<IssuanceResult> resume(CertificateOrder order, byte[] secret) {
            events.add("resume " + new String(secret, StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(issued());
        }
    };

    private final Issuer issuer = new JournaledIssuer<>(minter, journal);

    @Test
    void nothingIsMintedBeforeItsDraftIsDurable() {
        CompletableFuture<IssuanceResult> result = issuer.issue(ORDER).toCompletableFuture();

        assertThat(events).containsExactly("prepare",
                "journal r-1 secret by test for 5efda6aea3f2ed2e7dd6ce05/alice");
        assertThat(result).isNotDone();

        durable.complete(null);

        assertThat(events).last().isEqualTo("mint plan");
        assertThat(result.join()).isInstanceOf(IssuanceResult.Issued.class);
    }

    @Test
    void aDraftFoundIsFinishedFromItsSecretWithoutPreparingOrJournalingAnother() {
        found = Optional.of(new MintDraft("r-1", ORDER.groupId(), "alice", "test",
                "journaled".getBytes(StandardCharsets.UTF_8)));

        assertThat(issuer.issue(ORDER).toCompletableFuture().join()).isInstanceOf(IssuanceResult.Issued.class);

        assertThat(events).containsExactly("resume journaled");
    }

    @Test
    void aRefusalBeforeMintingJournalsNothing() {
        CertificateOrder refused = new CertificateOrder("r-2", ORDER.groupId(), "refused", 3);

        IssuanceResult result = issuer.issue(refused).toCompletableFuture().join();

        assertThat(result).isInstanceOf(IssuanceResult.Refused.class);
        assertThat(events).containsExactly("prepare");
    }

    @Test
    void aJournalThatCannotKeepTheDraftMeansNothingIsMinted() {
        durable.completeExceptionally(new TransientIssuanceFault(ErrorCode.UNEXPECTED_ERROR,
                new IllegalStateException("broker down")));

        CompletableFuture<IssuanceResult> result = issuer.issue(ORDER).toCompletableFuture();

        assertThat(result).isCompletedExceptionally();
        assertThat(events).doesNotContain("mint plan");
    }

    private static IssuanceResult issued() {
        return new IssuanceResult.Issued(new IssuedCertificate(BigInteger.ONE, "CN=alice", Instant.EPOCH,
                Instant.EPOCH, Instant.EPOCH, "test", "-----BEGIN CERTIFICATE-----\n", null));
    }
}
