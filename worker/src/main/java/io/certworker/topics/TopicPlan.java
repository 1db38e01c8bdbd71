package io.certworker.topics;

import io.certworker.kafka.TopicProvisioner;
import io.certworker.kafka.TopicProvisioner.TopicSpec;
import io.certworker.lifecycle.LifecycleTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topics a worker reads and writes, with the settings it creates them with, and the checks they must pass before
 * the worker takes a request: all exist, and the request-state topic has as many partitions as the requests topic
 * (each request's state lies beside it).
 */
public final class TopicPlan {
    /** Dead letters copy records that may be close to Kafka's default 1 MiB limit, plus headers. */
    private static final int DEAD_LETTER_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

    private final TopicNames topics;
    private final Duration requestStateRetention;
    private final LifecycleTopics lifecycle;

    /** The topics of certificate requests, with the lifecycle's topics of their default names. */
    public TopicPlan(TopicNames topics, Duration requestStateRetention) {
        this(topics, requestStateRetention, LifecycleTopics.defaults());
    }

    /**
     * @param requestStateRetention how long the request-state topic keeps a requestId
     * @param lifecycle             the topics of a certificate's life after issuance
     */
    public TopicPlan(TopicNames topics, Duration requestStateRetention, LifecycleTopics lifecycle) {
        this.topics = topics;
        this.requestStateRetention = requestStateRetention;
        this.lifecycle = lifecycle;
    }

    /** The topics, with the settings the worker creates them with. */
    public List<TopicSpec> specs() {
        List<TopicSpec> specs = new ArrayList<>(requestSpecs());
        specs.addAll(lifecycle.specs());
        return List.copyOf(specs);
    }

    private List<TopicSpec> requestSpecs() {
        return List.of(
                TopicSpec.stream(topics.requests()),
                TopicSpec.stream(topics.issued()),
                TopicSpec.stream(topics.failed()),
                new TopicSpec(topics.deadLetters(), Optional.empty(),
                        Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(DEAD_LETTER_MAX_MESSAGE_BYTES))),
                TopicSpec.table(topics.users()),
                TopicSpec.table(topics.ledger()),
                TopicSpec.table(topics.userSecurity()),
                // Drafts hold wrapped keys until their outcome replaces them: small segments let compaction drop them
                // soon; the time limit bounds how long a requestId is remembered.
                new TopicSpec(topics.requestsState(), Optional.empty(), Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + ","
                                + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(requestStateRetention.toMillis()),
                        TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis()),
                        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1")),
                new TopicSpec(topics.caStore(), Optional.of(1),
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }

    /**
     * Creates the missing topics when asked to, then checks them all.
     *
     * @return how many partitions the requests topic (and so the request-state topic) has
     * @throws IllegalStateException naming what is missing or wrong, and what to do
     */
    public int prepare(Admin admin, boolean createMissing, int partitions, short replicationFactor) {
        TopicProvisioner provisioner = new TopicProvisioner(admin);
        List<TopicSpec> specs = specs();
        if (createMissing) {
            provisioner.createMissing(specs, partitions, replicationFactor);
        }
        List<String> missing = provisioner.missing(specs);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Missing topics " + missing + ". Create them (see the README) or set "
                    + "topics.create=true.");
        }
        Map<String, Integer> counts = provisioner.partitionCounts(List.of(topics.requests(), topics.requestsState()));
        int requests = counts.get(topics.requests());
        if (requests != counts.get(topics.requestsState())) {
            throw new IllegalStateException("The topic " + topics.requestsState() + " must have as many partitions as "
                    + topics.requests() + " (" + requests + "), not " + counts.get(topics.requestsState())
                    + ": it keeps each request's state beside it.");
        }
        return requests;
    }

    /** How many partitions {@code topic}, one of the plan's, has. */
    public int partitionsOf(Admin admin, String topic) {
        return new TopicProvisioner(admin).partitionCounts(List.of(topic)).get(topic);
    }
}
