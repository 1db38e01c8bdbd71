package io.certworker.lifecycle;

import io.certworker.contracts.Topics;
import io.certworker.kafka.TopicProvisioner.TopicSpec;
import java.util.List;
import java.util.Objects;

/**
 * The topics of a certificate's life after issuance.
 *
 * @param revocations    revocation requests, consumed beside the certificate requests
 * @param revoked        revoked-certificate events, produced
 * @param expiring       expiry warnings, produced
 * @param lifecycleState the worker's own markers of expiry warnings published (compacted)
 */
public record LifecycleTopics(String revocations, String revoked, String expiring, String lifecycleState) {
    public LifecycleTopics {
        Objects.requireNonNull(revocations, "revocations");
        Objects.requireNonNull(revoked, "revoked");
        Objects.requireNonNull(expiring, "expiring");
        Objects.requireNonNull(lifecycleState, "lifecycleState");
    }

    /** The topics as the worker creates them: event streams, and the compacted lifecycle state. */
    public List<TopicSpec> specs() {
        return List.of(TopicSpec.stream(revocations), TopicSpec.stream(revoked), TopicSpec.stream(expiring),
                TopicSpec.table(lifecycleState));
    }

    /** The default names of {@link Topics}. */
    public static LifecycleTopics defaults() {
        return new LifecycleTopics(Topics.REVOCATIONS, Topics.REVOKED, Topics.EXPIRING, Topics.LIFECYCLE_STATE);
    }
}
