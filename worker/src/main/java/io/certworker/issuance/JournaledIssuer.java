package io.certworker.issuance;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The journal-before-mint protocol, in one place: a request whose draft is in the journal (its first attempt was
 * interrupted) is finished from that draft; any other is prepared, its draft made durable, and only then minted. So a
 * request consumed again after a crash never gets a second, different certificate. A certificate the order alone
 * determines ({@link Preparation.Reproducible}) needs no draft: made again, it is the same.
 *
 * @param <P> the minter's form of a certificate to be
 */
public final class JournaledIssuer<P> implements Issuer {
    private final Minter<P> minter;
    private final MintJournal journal;

    public JournaledIssuer(Minter<P> minter, MintJournal journal) {
        this.minter = Objects.requireNonNull(minter, "minter");
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    @Override
    public CompletionStage<IssuanceResult> issue(CertificateOrder order) {
        Optional<MintDraft> interrupted = journal.find(order.requestId());
        if (interrupted.isPresent()) {
            return minter.resume(order, interrupted.get().secret());
        }
        return minter.prepare(order).thenCompose(preparation -> {
            if (preparation instanceof Preparation.Refused<P> refused) {
                return CompletableFuture.completedFuture(new IssuanceResult.Refused(refused.error()));
            }
            if (preparation instanceof Preparation.Reproducible<P> reproducible) {
                return minter.mint(order, reproducible.plan());
            }
            Preparation.Prepared<P> prepared = (Preparation.Prepared<P>) preparation;
            return journal.record(MintDraft.of(order, minter.name(), prepared.secret()))
                    .thenCompose(durable -> minter.mint(order, prepared.plan()));
        });
    }
}
