package io.certworker.testing;

import io.certworker.config.LifecycleConfig;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.DatabaseUser;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.kafka.KafkaClients;
import io.certworker.topics.TopicNames;
import io.certworker.runtime.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A real worker against the shared broker, with topics and a consumer group of its own, EC keys (fast), a generated
 * root in a temporary directory, and helpers to send requests and read what came out.
 */
public final class TestWorker implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** A fixed, obviously-test key-encryption key (base64 of 32 bytes). */
    public static final String TEST_KEY_ENCRYPTION_KEY = "dGVzdC1vbmx5LWtleS1lbmNyeXB0aW9uLWtleS0zMmI=";

    private final Map<String, String> settings;
    private final WorkerConfig config;
    private final KafkaClients clients;
    private final Producer<byte[], byte[]> producer;
    private final Path caDirectory;
    private Worker worker;
    private TopicCollector collector;

    private final Clock clock;

    private TestWorker(Map<String, String> settings, Path caDirectory, Clock clock) {
        this.clock = clock;
        this.settings = Map.copyOf(settings);
        this.config = WorkerConfig.forWorker(settings);
        this.clients = new KafkaClients(config.kafkaClientProperties());
        this.producer = clients.producer();
        this.caDirectory = caDirectory;
    }

    /** Settings for a fresh, isolated worker; {@code overrides} win. */
    public static Map<String, String> settings(Path caDirectory, Map<String, String> overrides) {
        String prefix = "t" + COUNTER.incrementAndGet() + "-" + ProcessHandle.current().pid() + "-";
        Map<String, String> settings = new HashMap<>();
        settings.put(WorkerConfig.BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers());
        settings.put(WorkerConfig.GROUP_ID, prefix + "cert-worker");
        settings.put(WorkerConfig.TOPIC_REQUESTS, prefix + Topics.REQUESTS);
        settings.put(WorkerConfig.TOPIC_ISSUED, prefix + Topics.ISSUED);
        settings.put(WorkerConfig.TOPIC_FAILED, prefix + Topics.FAILED);
        settings.put(WorkerConfig.TOPIC_DLQ, prefix + Topics.DEAD_LETTERS);
        settings.put(WorkerConfig.TOPIC_USERS, prefix + Topics.USERS);
        settings.put(WorkerConfig.TOPIC_LEDGER, prefix + Topics.LEDGER);
        settings.put(WorkerConfig.TOPIC_REQUESTS_STATE, prefix + Topics.REQUESTS_STATE);
        settings.put(WorkerConfig.TOPIC_CA_STORE, prefix + Topics.CA_STORE);
        settings.put(WorkerConfig.TOPIC_USER_SECURITY, prefix + Topics.USER_SECURITY);
        settings.put(LifecycleConfig.TOPIC_REVOCATIONS, prefix + Topics.REVOCATIONS);
        settings.put(LifecycleConfig.TOPIC_REVOKED, prefix + Topics.REVOKED);
        settings.put(LifecycleConfig.TOPIC_EXPIRING, prefix + Topics.EXPIRING);
        settings.put(LifecycleConfig.TOPIC_LIFECYCLE_STATE, prefix + Topics.LIFECYCLE_STATE);
        settings.put(WorkerConfig.KEY_ENCRYPTION_KEY, TEST_KEY_ENCRYPTION_KEY);
        settings.put(WorkerConfig.TOPICS_CREATE, "true");
        settings.put(WorkerConfig.CA_DIR, caDirectory.toString());
        settings.put(WorkerConfig.CA_ROOT_GENERATE, "true");
        settings.put(WorkerConfig.KEY_ALGORITHM, "EC-P256");
        settings.put(WorkerConfig.CA_KEY_ALGORITHM, "EC-P256");
        settings.put(WorkerConfig.SHUTDOWN_TIMEOUT_MS, "5000");
        settings.put(WorkerConfig.METRICS_PORT, "0");
        settings.putAll(overrides);
        return settings;
    }

    /** Starts a worker with fresh topics. */
    public static TestWorker start(Path caDirectory, Map<String, String> overrides) throws InterruptedException {
        return start(caDirectory, overrides, Clock.systemUTC());
    }

    /** Starts a worker with fresh topics whose notion of time is {@code clock}. */
    public static TestWorker start(Path caDirectory, Map<String, String> overrides, Clock clock)
            throws InterruptedException {
        TestWorker worker = new TestWorker(settings(caDirectory, overrides), caDirectory, clock);
        worker.startWorker();
        return worker;
    }

    /** Starts (or restarts) the worker process part; topics and data stay. */
    public void startWorker() throws InterruptedException {
        worker = Worker.start(config, clock);
        if (collector == null) {
            TopicNames topics = topics();
            collector = new TopicCollector(clients.readerConsumer(),
                    List.of(topics.issued(), topics.failed(), topics.deadLetters()));
        }
    }

    /** Everything the worker published (issued, failed, dead letters), read_committed, as it arrives. */
    public TopicCollector published() {
        return collector;
    }

    /**
     * Waits for the outcome of one request and checks there is exactly one (after a short grace period, so a
     * duplicate would be seen).
     */
    public ConsumerRecord<byte[], byte[]> outcome(String requestId) {
        List<ConsumerRecord<byte[], byte[]>> outcomes = collector.await(
                record -> requestId.equals(TopicCollector.field(record, "requestId")), Duration.ofSeconds(60));
        if (outcomes.size() != 1) {
            throw new AssertionError("expected one outcome of " + requestId + ", got " + outcomes.size());
        }
        return outcomes.get(0);
    }

    public void stopWorker() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }

    public Worker worker() {
        return worker;
    }

    public TopicNames topics() {
        return config.topicNames();
    }

    public Map<String, String> settings() {
        return settings;
    }

    public KafkaClients clients() {
        return clients;
    }

    public Path caDirectory() {
        return caDirectory;
    }

    /** The settings as a properties file, for commands run with {@code --config}. */
    public Path writeConfigFile(Path directory) throws Exception {
        Properties properties = new Properties();
        properties.putAll(settings);
        Path file = directory.resolve("worker-" + COUNTER.incrementAndGet() + ".properties");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "test worker");
        }
        return file;
    }

    public void putUser(String groupId, String username, X509Type type) throws Exception {
        send(topics().users(), Topics.key(groupId, username),
                EventCodec.instance().encode(DatabaseUser.of(groupId, username, DatabaseUser.EXTERNAL_DATABASE, type)));
    }

    public void deleteUser(String groupId, String username) throws Exception {
        send(topics().users(), Topics.key(groupId, username), null);
    }

    /** Sends a request record as raw bytes. */
    public void sendRequest(String key, byte[] value) throws Exception {
        send(topics().requests(), key, value);
    }

    /** Sends a request given as JSON text, keyed by {@code groupId/username} as a producer would. */
    public void sendRequest(String key, String json) throws Exception {
        sendRequest(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    public void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, null, null,
                        key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, new RecordHeaders()))
                .get(30, TimeUnit.SECONDS);
    }

    /** Reads the topic from the beginning (read_committed) until {@code count} records arrived or time ran out. */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, int count, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (Consumer<byte[], byte[]> consumer = clients.readerConsumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /** Everything on the topic now (waits a little for stragglers). */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return read(topic, Integer.MAX_VALUE, Duration.ofSeconds(2));
    }

    @Override
    public void close() {
        stopWorker();
        if (collector != null) {
            collector.close();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
