package io.certworker.requeststate;

import java.util.Collection;
import org.apache.kafka.common.TopicPartition;

/** What the poll loop tells the request state as partitions of the requests topic come and go. */
public interface PartitionStates {

    /** Partitions just assigned: read their state before a single request is taken from them. Blocks. */
    void assigned(Collection<TopicPartition> partitions);

    /** Partitions revoked or lost: forget their state. */
    void released(Collection<TopicPartition> partitions);

    /** For tools and tests without a state topic. */
    PartitionStates NONE = new PartitionStates() {
        @Override
        public void assigned(Collection<TopicPartition> partitions) {
        }

        @Override
        public void released(Collection<TopicPartition> partitions) {
        }
    };
}
