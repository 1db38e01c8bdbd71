package io.certworker.requeststate;

import java.util.Objects;

/**
 * What the worker keeps of requests, as the pipeline uses it: each piece the one owner of its part.
 *
 * @param guard      what was answered and what is in process: whether a request must be handled
 * @param journal    drafts of certificates being minted
 * @param records    the format of the request-state topic's records
 * @param partitions restores and forgets the state of partitions as they come and go
 */
public record RequestMemory(RequestGuard guard, KafkaMintJournal journal, RequestStateRecords records,
                            PartitionStates partitions) {
    public RequestMemory {
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(partitions, "partitions");
    }
}
