package io.certworker.requeststate;

import io.certworker.contracts.EventCodec;
import io.certworker.contracts.RequestState;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The records of the request-state topic ({@link RequestState}, key {@code requestId}), to write and to read back: the
 * one place that knows their format, which the contracts module's JSON Schema describes.
 */
public final class RequestStateRecords {
    private final String topic;
    private final EventCodec codec = EventCodec.instance();

    public RequestStateRecords(String topic) {
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /** The request was answered with a certificate; {@code answeredAt} is kept to the second. */
    public ProducerRecord<byte[], byte[]> answered(int partition, String requestId, String groupId, String username,
                                                   BigInteger serialNumber, String issuer, Instant answeredAt) {
        return record(partition, requestId, RequestState.answered(requestId, groupId, username,
                serialNumber.toString(), issuer, answeredAt));
    }

    /** A draft of a certificate being minted, its secret already wrapped. */
    ProducerRecord<byte[], byte[]> minting(int partition, String requestId, String groupId, String username,
                                           String issuer, Instant startedAt, String wrappedSecret,
                                           String keyEncryptionKeyId) {
        return record(partition, requestId, RequestState.minting(requestId, groupId, username, issuer, startedAt,
                wrappedSecret, keyEncryptionKeyId));
    }

    /** The request's draft is done with. */
    public ProducerRecord<byte[], byte[]> tombstone(int partition, String requestId) {
        return new ProducerRecord<>(topic, partition, key(requestId), null);
    }

    /** What a record of the topic says, or empty for a tombstone or a value that cannot be read. */
    Optional<RequestState> read(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null || record.value().length == 0) {
            return Optional.empty();
        }
        try {
            RequestState state = codec.decode(record.value(), RequestState.class);
            return state.state() == null ? Optional.empty() : Optional.of(state);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The requestId a record is about: its key. */
    static String requestIdOf(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    private ProducerRecord<byte[], byte[]> record(int partition, String requestId, RequestState state) {
        return new ProducerRecord<>(topic, partition, key(requestId), codec.encode(state));
    }

    private static byte[] key(String requestId) {
        return requestId.getBytes(StandardCharsets.UTF_8);
    }
}
