package io.certworker.issuance.ca;

import io.certworker.secrets.KeyEncryptionKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Keeps the per-project CAs, so that every certificate of a project comes from the same CA across restarts (and,
 * kept in Kafka, across instances).
 */
public interface GroupCaStore {

    /** CAs in a directory, private keys owner-only: one worker instance. */
    static GroupCaStore onDisk(Path directory) {
        return new FileCaStore(directory);
    }

    /**
     * CAs in a Kafka topic (one partition) shared by every instance, private keys wrapped with the key-encryption key.
     * Reads the topic to its end before returning.
     *
     * @param consumers makes readers of the topic (outside any group; read_committed)
     * @param producer  writes new CAs (idempotent, acks=all); closed with the store
     */
    static GroupCaStore inKafka(Supplier<Consumer<byte[], byte[]>> consumers, Producer<byte[], byte[]> producer,
                                String topic, KeyEncryptionKey kek, Duration timeout, Clock clock)
            throws InterruptedException, TimeoutException {
        KafkaCaStore store = new KafkaCaStore(consumers, producer, topic, kek, timeout, clock);
        store.start();
        return store;
    }

    Optional<StoredCa> load(String groupId);

    /**
     * Keeps {@code candidate} unless a CA is already kept for the project, and answers the one that is kept: the
     * first writer wins, and every caller ends up with the same CA.
     */
    StoredCa storeIfAbsent(String groupId, StoredCa candidate);
}
