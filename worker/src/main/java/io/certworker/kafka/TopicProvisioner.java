package io.certworker.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks that the worker's topics exist and, when asked to, creates the missing ones. */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final long TIMEOUT_SECONDS = 60;

    /**
     * A topic the worker needs.
     *
     * @param name       its name
     * @param partitions its partition count, or empty for the configured default
     * @param configs    topic configs it is created with (cleanup policy, message size, retention)
     */
    public record TopicSpec(String name, Optional<Integer> partitions, Map<String, String> configs) {
        public TopicSpec {
            configs = Map.copyOf(configs);
        }

        /** An event stream with the default partition count. */
        public static TopicSpec stream(String name) {
            return new TopicSpec(name, Optional.empty(), Map.of());
        }

        /** A table (cleanup.policy=compact) with the default partition count. */
        public static TopicSpec table(String name) {
            return new TopicSpec(name, Optional.empty(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT));
        }
    }

    private final Admin admin;

    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    /** The names of the given topics that do not exist. */
    public List<String> missing(List<TopicSpec> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<String> missing = new ArrayList<>();
            for (TopicSpec topic : topics) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic.name());
                }
            }
            return missing;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list the topics of the Kafka cluster: " + rootMessage(e), e);
        }
    }

    /**
     * Creates the topics that do not exist yet (a topic created meanwhile by someone else is fine), and waits until
     * the cluster lists them all: metadata reaches every broker a moment after creation.
     */
    public void createMissing(List<TopicSpec> topics, int partitions, short replicationFactor) {
        List<String> missing = missing(topics);
        List<NewTopic> toCreate = new ArrayList<>();
        for (TopicSpec topic : topics) {
            if (missing.contains(topic.name())) {
                toCreate.add(new NewTopic(topic.name(), Optional.of(topic.partitions().orElse(partitions)),
                        replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor))
                        .configs(topic.configs()));
            }
        }
        if (toCreate.isEmpty()) {
            return;
        }
        for (NewTopic topic : toCreate) {
            try {
                admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.info("Created topic {} ({} partitions{})", topic.name(), topic.numPartitions(),
                        topic.configs().isEmpty() ? "" : ", " + topic.configs());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic.name() + ": " + rootMessage(e), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topics", e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("timed out creating topic " + topic.name(), e);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!missing(topics).isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for new topics", e);
            }
        }
    }

    /** The partition count of each topic, from the cluster. */
    public Map<String, Integer> partitionCounts(List<String> topics) {
        try {
            Map<String, Integer> counts = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .forEach((name, description) -> counts.put(name, description.partitions().size()));
            return counts;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topics " + topics + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
