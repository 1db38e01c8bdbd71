package io.certworker.pipeline;

import io.certworker.contracts.Topics;
import io.certworker.handling.Outcome;
import io.certworker.ledger.PublishedCertificates;
import io.certworker.requeststate.KafkaMintJournal;
import io.certworker.requeststate.RequestGuard;

/**
 * What a committed answer makes true beyond Kafka, applied in one place: the guard remembers the certificate and
 * releases the request, the journal drops its draft, the ledger counts the certificate against its user's cap, and
 * the metrics see the outcome; an answer to another record runs its own {@link RecordAnswer#afterCommit()}.
 */
final class PublishedEffects implements CommitListener {
    private final RequestGuard guard;
    private final KafkaMintJournal journal;
    private final PublishedCertificates ledger;
    private final PipelineObserver observer;

    PublishedEffects(RequestGuard guard, KafkaMintJournal journal, PublishedCertificates ledger,
                     PipelineObserver observer) {
        this.guard = guard;
        this.journal = journal;
        this.ledger = ledger;
        this.observer = observer;
    }

    @Override
    public void committed(RecordAnswer answer) {
        if (answer.afterCommit() != null) {
            answer.afterCommit().run();
        }
        RecordAnswer.Settlement settled = answer.settlement();
        if (settled == null) {
            return;
        }
        if (settled.outcome() instanceof Outcome.Issued issued) {
            guard.answered(settled.partition(), settled.requestId(), issued.certificate().serialNumber(),
                    settled.answeredAt());
            ledger.published(settled.requestId(), issued.groupId(), issued.username(),
                    Topics.ledgerKey(issued.groupId(), issued.username(), issued.certificate().serialNumber()),
                    issued.certificate().notAfter());
        }
        if (settled.outcome() != null) {
            journal.published(settled.requestId());
            observer.published(settled.outcome(), settled.requestTimestamp());
        }
        if (settled.claim() != null) {
            guard.released(settled.requestId(), settled.claim());
        }
    }
}
