package io.certworker.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Makes every Kafka client the worker and its commands use, from one set of base properties (brokers, TLS, SASL, any
 * {@code kafka.*} setting) plus what each role needs. The base properties win nowhere they would break a role's
 * guarantees: transactional and isolation settings are always set here.
 */
public final class KafkaClients {
    /** Kafka's own default for {@code transaction.timeout.ms}. */
    private static final long DEFAULT_TRANSACTION_TIMEOUT_MS = 60_000;

    private final Map<String, Object> base;

    public KafkaClients(Map<String, Object> base) {
        this.base = Map.copyOf(base);
    }

    /** The worker's consumer of requests: in the group, read_committed, offsets committed only in transactions. */
    public Consumer<byte[], byte[]> requestConsumer(String groupId, int maxPollRecords) {
        Map<String, Object> properties = consumerBase();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        properties.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                CooperativeStickyAssignor.class.getName());
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A consumer outside any group, for reading whole topics (users) or waiting for outcomes (commands). */
    public Consumer<byte[], byte[]> readerConsumer() {
        Map<String, Object> properties = consumerBase();
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * A read_uncommitted consumer outside any group, only to learn where a log ends with its open transactions: a
     * read_committed reader's end offset stops short of them.
     */
    public Consumer<byte[], byte[]> logEndReader() {
        Map<String, Object> properties = new HashMap<>(base);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** How long a transaction of this worker's producers may stay open before the broker aborts it. */
    public Duration transactionTimeout() {
        Object configured = base.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        return Duration.ofMillis(configured == null ? DEFAULT_TRANSACTION_TIMEOUT_MS
                : Long.parseLong(configured.toString().trim()));
    }

    /** The worker's transactional producer of outcomes. */
    public Producer<byte[], byte[]> transactionalProducer(String transactionalId) {
        Map<String, Object> properties = producerBase();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A plain idempotent producer, for commands that write requests or users. */
    public Producer<byte[], byte[]> producer() {
        Map<String, Object> properties = producerBase();
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public Admin admin() {
        Map<String, Object> properties = new HashMap<>(base);
        return Admin.create(properties);
    }

    private Map<String, Object> consumerBase() {
        Map<String, Object> properties = new HashMap<>(base);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return properties;
    }

    private Map<String, Object> producerBase() {
        Map<String, Object> properties = new HashMap<>(base);
        properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
        return properties;
    }
}
