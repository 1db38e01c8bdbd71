package io.certworker.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p>{@link #observed} gives a factory whose every client is reported, with the role it plays, to a
 * {@link Listener} (the worker binds each long-lived client's metrics that way).
 */
public final class KafkaClients {
    /** Kafka's own default for {@code transaction.timeout.ms}. */
    private static final long DEFAULT_TRANSACTION_TIMEOUT_MS = 60_000;

    /** Told of each client an observed factory creates, with its role ({@code requests}, {@code journal}, ...). */
    public interface Listener {
        void created(String role, Consumer<?, ?> consumer);

        void created(String role, Producer<?, ?> producer);

        void created(String role, Admin admin);
    }

    private final Map<String, Object> base;
    private final Listener listener;
    private final String role;

    public KafkaClients(Map<String, Object> base) {
        this(base, null, null);
    }

    private KafkaClients(Map<String, Object> base, Listener listener, String role) {
        this.base = Map.copyOf(base);
        this.listener = listener;
        this.role = role;
    }

    /** The same factory, reporting every client it creates to {@code listener} as playing {@code role}. */
    public KafkaClients observed(Listener observer, String clientRole) {
        return new KafkaClients(base, observer, clientRole);
    }

    /**
     * The worker's consumer of requests: in the group, read_committed, offsets committed only in transactions. With an
     * {@code instanceId}, a static member: restarted, it takes its partitions back at once, without a rebalance.
     */
    public Consumer<byte[], byte[]> requestConsumer(String groupId, Optional<String> instanceId, int maxPollRecords) {
        Map<String, Object> properties = consumerBase();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        instanceId.ifPresent(id -> properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        properties.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                CooperativeStickyAssignor.class.getName());
        return reported(new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }

    /** A consumer outside any group, for reading whole topics (users) or waiting for outcomes (commands). */
    public Consumer<byte[], byte[]> readerConsumer() {
        Map<String, Object> properties = consumerBase();
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return reported(new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
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
        return reported(new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
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
        return reported(new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** A plain idempotent producer, for commands that write requests or users. */
    public Producer<byte[], byte[]> producer() {
        Map<String, Object> properties = producerBase();
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return reported(new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    public Admin admin() {
        Admin admin = Admin.create(new HashMap<>(base));
        if (listener != null) {
            listener.created(role, admin);
        }
        return admin;
    }

    private Consumer<byte[], byte[]> reported(Consumer<byte[], byte[]> consumer) {
        if (listener != null) {
            listener.created(role, consumer);
        }
        return consumer;
    }

    private Producer<byte[], byte[]> reported(Producer<byte[], byte[]> producer) {
        if (listener != null) {
            listener.created(role, producer);
        }
        return producer;
    }

    private Map<String, Object> consumerBase() {
        Map<String, Object> properties = new HashMap<>(base);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return properties;
    }

    /**
     * What every producer starts from: a millisecond of linger, so records sent together share a request, and lz4
     * compression (PEM, JSON and base64 shrink to about half, so the brokers write and replicate half as much), both
     * overridable as {@code kafka.*} settings.
     */
    private Map<String, Object> producerBase() {
        Map<String, Object> properties = new HashMap<>(base);
        properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
        properties.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return properties;
    }
}
