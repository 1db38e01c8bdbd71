package io.certworker.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Where a reader stands against the end offsets it must reach. */
public final class Positions {
    private Positions() {
    }

    /** Whether {@code reader} has reached every one of {@code ends}. */
    public static boolean reachedAll(Consumer<?, ?> reader, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (reader.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The reader's position in each of the partitions of {@code ends}, for messages. */
    public static Map<TopicPartition, Long> of(Consumer<?, ?> reader, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        ends.keySet().forEach(partition -> positions.put(partition, reader.position(partition)));
        return positions;
    }
}
