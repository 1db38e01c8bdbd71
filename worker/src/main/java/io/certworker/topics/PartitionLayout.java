package io.certworker.topics;

import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The requests topic's partition count, as the worker group last ran with it. Every per-key guarantee lives on the
 * key's partition, and a requestId's memory in the state partition beside it; adding partitions moves keys to other
 * partitions, where their requestIds are not remembered. So each offset the worker commits carries the count it ran
 * with, and a worker refuses to start on another count until the operator says it is expected.
 */
public final class PartitionLayout {
    private static final Pattern RECORDED = Pattern.compile("cert-worker partitions=(\\d+)");
    private static final long TIMEOUT_SECONDS = 60;

    private PartitionLayout() {
    }

    /** The metadata of every offset the worker commits on a requests topic of {@code partitions} partitions. */
    public static String metadata(int partitions) {
        return "cert-worker partitions=" + partitions;
    }

    /** The count recorded in the group's committed offsets of {@code topic}, if any. */
    static OptionalInt recorded(Map<TopicPartition, OffsetAndMetadata> committed, String topic) {
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
            if (entry.getKey().topic().equals(topic) && entry.getValue() != null) {
                Matcher matcher = RECORDED.matcher(String.valueOf(entry.getValue().metadata()));
                if (matcher.matches()) {
                    return OptionalInt.of(Integer.parseInt(matcher.group(1)));
                }
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Refuses a requests topic whose partition count changed since the group last ran, unless {@code accepted} is the
     * new count.
     *
     * @throws IllegalStateException naming both counts and what to do
     */
    public static void check(Admin admin, String groupId, String topic, int partitions, int accepted) {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the offsets of group " + groupId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of group " + groupId + ": " + e.getMessage(), e);
        }
        OptionalInt recorded = recorded(committed, topic);
        if (recorded.isPresent() && recorded.getAsInt() != partitions && accepted != partitions) {
            throw new IllegalStateException("The topic " + topic + " has " + partitions + " partitions, but group "
                    + groupId + " last ran with " + recorded.getAsInt() + ": keys now belong to other partitions, "
                    + "where the requestIds answered before are not remembered. If you added the partitions on "
                    + "purpose, follow the README's procedure (drain the requests, stop every worker), then start "
                    + "with request.partitions.accepted=" + partitions + ".");
        }
    }
}
