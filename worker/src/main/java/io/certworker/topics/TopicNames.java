package io.certworker.topics;

import io.certworker.contracts.Topics;
import java.util.Objects;

/**
 * The topics one worker deployment uses.
 *
 * @param requests    certificate requests, consumed
 * @param issued      issued-certificate events, produced
 * @param failed      error events, produced
 * @param deadLetters records of {@code requests} that are not requests at all, produced
 * @param users       the database-user table, read from the beginning
 * @param ledger      issued-certificate metadata (reserved)
 * @param requestsState per request: answered with a certificate, or being minted (the worker's own)
 * @param caStore     per-project CAs shared by instances (the worker's own)
 * @param userSecurity per-project user-security settings (customer-managed X.509)
 */
public record TopicNames(String requests, String issued, String failed, String deadLetters, String users,
                         String ledger, String requestsState, String caStore, String userSecurity) {
    public TopicNames {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(failed, "failed");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(requestsState, "requestsState");
        Objects.requireNonNull(caStore, "caStore");
        Objects.requireNonNull(userSecurity, "userSecurity");
    }

    /** The default names of {@link Topics}. */
    public static TopicNames defaults() {
        return new TopicNames(Topics.REQUESTS, Topics.ISSUED, Topics.FAILED, Topics.DEAD_LETTERS, Topics.USERS,
                Topics.LEDGER, Topics.REQUESTS_STATE, Topics.CA_STORE, Topics.USER_SECURITY);
    }
}
