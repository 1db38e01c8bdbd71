package io.certworker.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** A table topic read once from its beginning to its current end: the latest value of every live key. */
public final class TopicSnapshot {
    private TopicSnapshot() {
    }

    /**
     * @return key (UTF-8) → latest value, without keys whose latest record is a tombstone or empty
     * @throws IllegalStateException when the topic does not exist or is not read within {@code timeout}
     */
    public static Map<String, byte[]> read(Consumer<byte[], byte[]> consumer, String topic, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        Map<String, byte[]> table = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Positions.reachedAll(consumer, ends)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cannot read " + topic + " to its end within " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.key() == null) {
                    continue;
                }
                String key = new String(record.key(), StandardCharsets.UTF_8);
                if (record.value() == null || record.value().length == 0) {
                    table.remove(key);
                } else {
                    table.put(key, record.value());
                }
            }
        }
        return table;
    }
}
