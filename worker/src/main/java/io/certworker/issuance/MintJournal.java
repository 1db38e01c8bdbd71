package io.certworker.issuance;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where issuers note, durably, that they are about to mint for a request ({@link MintDraft}), before they mint. A
 * request that comes back after a crash finds its note, and its issuer finishes the same certificate (or, when it
 * cannot, says so) rather than minting a second one.
 */
public interface MintJournal {

    /** Completes once the draft is durable; only then may the issuer mint. */
    CompletionStage<Void> record(MintDraft draft);

    /** The draft an interrupted attempt left for this request, if any. */
    Optional<MintDraft> find(String requestId);

    /** A journal that keeps nothing, for tools and tests where a crash loses nothing of value. */
    MintJournal NONE = new MintJournal() {
        @Override
        public CompletionStage<Void> record(MintDraft draft) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Optional<MintDraft> find(String requestId) {
            return Optional.empty();
        }
    };
}
