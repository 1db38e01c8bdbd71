package io.certworker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.contracts.CertificateFailed;
import io.certworker.contracts.CertificateRevoked;
import io.certworker.contracts.EventCodec;
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
 * Watches {@code cert-revoked} and {@code cert-failed} from their current end for the answer to one revocation
 * request. Positioned before the request is sent, so the answer cannot slip by.
 */
final class RevocationWaiter {
    /** Exactly one of the two is set. */
    record Answer(CertificateRevoked revoked, CertificateFailed failed) {
    }

    private final Consumer<byte[], byte[]> consumer;
    private final String revokedTopic;
    private final ObjectMapper mapper = EventCodec.instance().mapper();

    private RevocationWaiter(Consumer<byte[], byte[]> consumer, String revokedTopic) {
        this.consumer = consumer;
        this.revokedTopic = revokedTopic;
    }

    static RevocationWaiter startingNow(Consumer<byte[], byte[]> consumer, String revokedTopic, String failedTopic,
                                        Duration timeout) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(revokedTopic, failedTopic)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist; is the worker set up?");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, before the request exists
        return new RevocationWaiter(consumer, revokedTopic);
    }

    Optional<Answer> await(String requestId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        EventCodec codec = EventCodec.instance();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() == null || !requestId.equals(requestIdOf(record.value()))) {
                    continue;
                }
                if (record.topic().equals(revokedTopic)) {
                    return Optional.of(new Answer(codec.decode(record.value(), CertificateRevoked.class), null));
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
