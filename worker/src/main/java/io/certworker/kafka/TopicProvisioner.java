package io.certworker.kafka;

import java.util.ArrayList;
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
     * @param name      its name
     * @param compacted whether it is a table (cleanup.policy=compact)
     * @param maxMessageBytes a larger message limit for it, if it needs one
     */
    public record TopicSpec(String name, boolean compacted, Optional<Integer> maxMessageBytes) {
        public static TopicSpec stream(String name) {
            return new TopicSpec(name, false, Optional.empty());
        }

        public static TopicSpec table(String name) {
            return new TopicSpec(name, true, Optional.empty());
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
                NewTopic newTopic = new NewTopic(topic.name(), Optional.of(partitions),
                        replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor));
                Map<String, String> configs = new java.util.HashMap<>();
                if (topic.compacted()) {
                    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                }
                topic.maxMessageBytes().ifPresent(bytes ->
                        configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(bytes)));
                toCreate.add(newTopic.configs(configs));
            }
        }
        if (toCreate.isEmpty()) {
            return;
        }
        for (NewTopic topic : toCreate) {
            try {
                admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.info("Created topic {} ({} partitions{})", topic.name(), partitions,
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

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
