package io.certworker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.contracts.CertificateFailed;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.EventCodec;
import io.certworker.topics.TopicNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Watches, from their current ends, the outcome topics and the request's partition of the request-state topic for the
 * answer to one request. Positioned before the request is sent, so the answer cannot slip by.
 *
 * <p>A request whose requestId was answered before gets no new outcome: the worker writes its answered state again
 * instead (serial and time of the original answer), and {@link OriginalAnswers} finds that answer.
 */
final class AnswerWatch {
    /** What the worker said. */
    sealed interface Answer {
        record Issued(CertificateIssued event) implements Answer {
        }

        record Failed(CertificateFailed event) implements Answer {
        }

        /** Answered earlier with the certificate of this serial, at this time. */
        record AnsweredBefore(String serialNumber, Instant answeredAt) implements Answer {
        }
    }

    private final Consumer<byte[], byte[]> consumer;
    private final TopicNames topics;
    private final ObjectMapper mapper = EventCodec.instance().mapper();

    private AnswerWatch(Consumer<byte[], byte[]> consumer, TopicNames topics) {
        this.consumer = consumer;
        this.topics = topics;
    }

    /** Positions {@code consumer} at the current ends (read_committed) of what it watches. */
    static AnswerWatch startingNow(Consumer<byte[], byte[]> consumer, TopicNames topics, int statePartition,
                                   Duration timeout) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.issued(), topics.failed())) {
            for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
        }
        partitions.add(new TopicPartition(topics.requestsState(), statePartition));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(partition -> consumer.position(partition, timeout)); // the ends now, before the request
        return new AnswerWatch(consumer, topics);
    }

    /** The answer, or empty when none came within {@code timeout} or {@code stopped} said to give up. */
    Optional<Answer> await(String requestId, Duration timeout, BooleanSupplier stopped) {
        long deadline = System.nanoTime() + timeout.toNanos();
        EventCodec codec = EventCodec.instance();
        while (System.nanoTime() < deadline && !stopped.getAsBoolean()) {
            Answer answeredBefore = null;
            try {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        continue;
                    }
                    if (record.topic().equals(topics.requestsState())) {
                        answeredBefore = answeredState(record, requestId).orElse(answeredBefore);
                        continue;
                    }
                    JsonNode value = json(record.value());
                    if (!requestId.equals(value.path("requestId").asText(null))) {
                        continue;
                    }
                    return Optional.of(record.topic().equals(topics.issued())
                            ? new Answer.Issued(codec.decode(record.value(), CertificateIssued.class))
                            : new Answer.Failed(codec.decode(record.value(), CertificateFailed.class)));
                }
            } catch (WakeupException e) {
                return Optional.empty(); // stopped
            }
            if (answeredBefore != null) {
                return Optional.of(answeredBefore);
            }
        }
        return Optional.empty();
    }

    /** Ends a wait at once, from another thread (a signal handler). */
    void wakeup() {
        consumer.wakeup();
    }

    private Optional<Answer> answeredState(ConsumerRecord<byte[], byte[]> record, String requestId) {
        if (record.key() == null || !requestId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        JsonNode value = json(record.value());
        if (!"answered".equals(value.path("state").asText()) || !value.hasNonNull("serialNumber")) {
            return Optional.empty(); // a draft: still being minted
        }
        try {
            return Optional.of(new Answer.AnsweredBefore(value.get("serialNumber").asText(),
                    Instant.parse(value.path("answeredAt").asText())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private JsonNode json(byte[] value) {
        try {
            JsonNode node = mapper.readTree(value);
            return node == null ? mapper.createObjectNode() : node;
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }
}
