package io.certworker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.contracts.CertificateFailed;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.EventCodec;
import io.certworker.topics.TopicNames;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches the outcome topics from their current end for the answer to one request. Positioned before the request is
 * sent, so the answer cannot slip by.
 */
final class OutcomeWaiter {
    /** Exactly one of the two is set. */
    record Answer(CertificateIssued issued, CertificateFailed failed) {
    }

    private final Consumer<byte[], byte[]> consumer;
    private final TopicNames topics;
    private final ObjectMapper mapper = EventCodec.instance().mapper();

    private OutcomeWaiter(Consumer<byte[], byte[]> consumer, TopicNames topics) {
        this.consumer = consumer;
        this.topics = topics;
    }

    static OutcomeWaiter startingNow(Consumer<byte[], byte[]> consumer, TopicNames topics, Duration timeout) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.issued(), topics.failed())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist; is the worker set up?");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, before the request exists
        return new OutcomeWaiter(consumer, topics);
    }

    Optional<Answer> await(String requestId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        EventCodec codec = EventCodec.instance();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() == null || !requestId.equals(requestIdOf(record.value()))) {
                    continue;
                }
                if (record.topic().equals(topics.issued())) {
                    return Optional.of(new Answer(codec.decode(record.value(), CertificateIssued.class), null));
                }
                return Optional.of(new Answer(null, codec.decode(record.value(), CertificateFailed.class)));
            }
        }
        return Optional.empty();
    }

    private String requestIdOf(byte[] value) {
        try {
            JsonNode node = mapper.readTree(value);
            JsonNode id = node == null ? null : node.get("requestId");
            return id == null ? null : id.asText();
        } catch (IOException e) {
            return null;
        }
    }
}
