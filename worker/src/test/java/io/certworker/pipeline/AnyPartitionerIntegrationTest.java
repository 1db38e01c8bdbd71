package io.certworker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.certworker.config.WorkerConfig;
import io.certworker.contracts.DatabaseUser;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.RoutingHeaders;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.kafka.KeyPartitions;
import io.certworker.lifecycle.LifecycleTopics;
import io.certworker.runtime.Worker;
import io.certworker.testing.Kcat;
import io.certworker.testing.SharedKafka;
import io.certworker.testing.TestWorker;
import io.certworker.testing.TopicCollector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every guarantee holds whatever partitioner a producer uses: kcat (librdkafka, CRC32 by default) next to Java's
 * clients (murmur2), and producers that pick a partition themselves. A request off its key's partition is moved there
 * and answered there, once per requestId; a user written or deleted through any client stays so, across restarts, and
 * the record compaction will keep for its key is its newest.
 */
class AnyPartitionerIntegrationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final int PARTITIONS = 3;

    @TempDir
    Path directory;
    TestWorker worker;

    @BeforeEach
    void start() throws Exception {
        worker = TestWorker.start(directory.resolve("ca"), Map.of(WorkerConfig.TOPICS_PARTITIONS,
                Integer.toString(PARTITIONS)));
    }

    @AfterEach
    void stop() {
        worker.close();
    }

    @Test
    void oneRequestIdSentThroughBothPartitionersGetsOneCertificateWhicheverComesFirst() throws Exception {
        String user = userOffItsCrc32Partition("alice");
        worker.putUser(GROUP, user, X509Type.MANAGED);
        String key = Topics.key(GROUP, user);

        worker.sendRequest(key, request("java-first", user));
        assertThat(worker.outcome("java-first").topic()).isEqualTo(worker.topics().issued());
        Kcat.produce(SharedKafka.bootstrapServers(), worker.topics().requests(), key, request("java-first", user));

        Kcat.produce(SharedKafka.bootstrapServers(), worker.topics().requests(), key, request("kcat-first", user));
        assertThat(worker.outcome("kcat-first").topic()).isEqualTo(worker.topics().issued());
        worker.sendRequest(key, request("kcat-first", user));

        // Each second copy is answered with nothing but its answered state again, on the key's partition.
        int home = KeyPartitions.of(key, PARTITIONS);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(answeredStates(home))
                .filteredOn(id -> id.equals("java-first") || id.equals("kcat-first")).hasSize(4));
        assertThat(worker.published().withField("requestId", "java-first")).hasSize(1);
        assertThat(worker.published().withField("requestId", "kcat-first")).hasSize(1);
        assertThat(signedSerials("java-first")).hasSize(1);
        assertThat(signedSerials("kcat-first")).hasSize(1);
        assertThat(metrics()).contains("certworker_misrouted_records_total{pattern=\"crc32\",topic=\""
                + worker.topics().requests() + "\"} 2.0");
    }

    @Test
    void aRevocationSentThroughKcatIsMovedToItsKeysPartitionAndAnsweredThere() throws Exception {
        String user = userOffItsCrc32Partition("erin");
        worker.putUser(GROUP, user, X509Type.MANAGED);
        String key = Topics.key(GROUP, user);
        worker.sendRequest(key, request("to-revoke", user));
        String serial = TopicCollector.field(worker.outcome("to-revoke"), "serialNumber");
        LifecycleTopics lifecycle = new WorkerConfig(worker.settings()).lifecycleSettings().topics();

        Kcat.produce(SharedKafka.bootstrapServers(), lifecycle.revocations(), key, "{\"requestId\":\"kcat-revoke\","
                + "\"groupId\":\"" + GROUP + "\",\"username\":\"" + user + "\",\"serialNumber\":\"" + serial
                + "\",\"reason\":\"keyCompromise\"}");

        int home = KeyPartitions.of(key, PARTITIONS);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(worker.readAll(lifecycle.revoked()))
                .filteredOn(record -> "kcat-revoke".equals(TopicCollector.field(record, "requestId")))
                .singleElement().satisfies(revoked -> assertThat(revoked.partition()).isEqualTo(home)));
        assertThat(worker.readAll(lifecycle.revocations()))
                .filteredOn(record -> record.headers().lastHeader(RoutingHeaders.FORWARDED_FROM) != null)
                .singleElement().satisfies(moved -> assertThat(moved.partition()).isEqualTo(home));
        assertThat(metrics()).contains("certworker_misrouted_records_total{pattern=\"crc32\",topic=\""
                + lifecycle.revocations() + "\"} 1.0");
    }

    @Test
    void aUserWrittenAndDeletedThroughKcatIsFoundThenStaysDeletedAcrossRestarts() throws Exception {
        String user = userOffItsCrc32Partition("bob");
        String key = Topics.key(GROUP, user);
        Kcat.produce(SharedKafka.bootstrapServers(), worker.topics().users(), key, new String(
                EventCodec.instance().encode(DatabaseUser.of(GROUP, user, "$external", X509Type.MANAGED)),
                StandardCharsets.UTF_8));
        worker.sendRequest(key, request("while-present", user));
        assertThat(worker.outcome("while-present").topic()).isEqualTo(worker.topics().issued());

        Kcat.produce(SharedKafka.bootstrapServers(), worker.topics().users(), key, null);

        int home = KeyPartitions.of(key, PARTITIONS);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ConsumerRecord<byte[], byte[]> last = lastOf(worker.topics().users(), key, home);
            assertThat(last.value()).isNull();
            assertThat(last.headers().lastHeader(RoutingHeaders.FORWARDED_FROM)).isNotNull();
        });
        ConsumerRecord<byte[], byte[]> stray = lastOf(worker.topics().users(), key, crc32Partition(key));
        assertThat(stray.value()).isNull();
        assertThat(stray.headers().lastHeader(RoutingHeaders.MOVED_TO)).isNotNull();
        worker.sendRequest(key, request("after-delete", user));
        assertThat(errorCodeOf(worker.outcome("after-delete"))).isEqualTo("GROUP_NOT_FOUND");

        worker.stopWorker();
        worker.startWorker();
        worker.sendRequest(key, request("after-restart", user));
        assertThat(errorCodeOf(worker.outcome("after-restart"))).isEqualTo("GROUP_NOT_FOUND");
    }

    @Test
    void anOlderStrayWriteNeverUndoesANewerDeleteOnTheKeysPartition() throws Exception {
        String user = userOffItsCrc32Partition("carol");
        String key = Topics.key(GROUP, user);
        int home = KeyPartitions.of(key, PARTITIONS);
        int stray = (home + 1) % PARTITIONS;
        long now = System.currentTimeMillis();
        byte[] managed = EventCodec.instance().encode(DatabaseUser.of(GROUP, user, "$external", X509Type.MANAGED));
        // A delete on the key's partition, then an older write of the user elsewhere, and then what a move that raced
        // the delete would leave: a copy of that older write after the delete on the key's partition.
        send(worker.topics().users(), home, now, key, null, new RecordHeaders());
        send(worker.topics().users(), stray, now - 10_000, key, managed, new RecordHeaders());
        RecordHeaders moved = new RecordHeaders();
        moved.add(RoutingHeaders.FORWARDED_FROM, "elsewhere".getBytes(StandardCharsets.UTF_8));
        send(worker.topics().users(), home, now - 10_000, key, managed, moved);

        worker.sendRequest(key, request("never", user));
        assertThat(errorCodeOf(worker.outcome("never"))).isEqualTo("GROUP_NOT_FOUND");
        // The newest state, the delete, is written again after the older copy: compaction keeps the delete.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(lastOf(worker.topics().users(), key, home).value()).isNull());
        worker.stopWorker();
        worker.startWorker();
        worker.sendRequest(key, request("still-never", user));
        assertThat(errorCodeOf(worker.outcome("still-never"))).isEqualTo("GROUP_NOT_FOUND");
    }

    @Test
    void addingPartitionsToTheRequestsStopsTheWorkerUntilTheNewCountIsAccepted() throws Exception {
        worker.putUser(GROUP, "dave", X509Type.MANAGED);
        worker.sendRequest(Topics.key(GROUP, "dave"), request("before", "dave"));
        assertThat(worker.outcome("before").topic()).isEqualTo(worker.topics().issued());
        worker.stopWorker();
        try (Admin admin = worker.clients().admin()) {
            admin.createPartitions(Map.of(worker.topics().requests(), NewPartitions.increaseTo(4),
                    worker.topics().requestsState(), NewPartitions.increaseTo(4))).all().get(60, TimeUnit.SECONDS);
        }

        assertThatThrownBy(() -> Worker.start(WorkerConfig.forWorker(worker.settings()),
                Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 4 partitions").hasMessageContaining("last ran with 3")
                .hasMessageContaining("request.partitions.accepted=4");

        Map<String, String> accepted = new HashMap<>(worker.settings());
        accepted.put(WorkerConfig.REQUEST_PARTITIONS_ACCEPTED, "4");
        try (Worker restarted = Worker.start(
                WorkerConfig.forWorker(accepted), Clock.systemUTC())) {
            worker.sendRequest(Topics.key(GROUP, "dave"), request("after", "dave"));
            assertThat(worker.outcome("after").topic()).isEqualTo(worker.topics().issued());
        }
    }

    /** A username whose key librdkafka's default partitioner puts on another partition than Java's. */
    private static String userOffItsCrc32Partition(String prefix) {
        for (int i = 0; ; i++) {
            String user = prefix + i;
            String key = Topics.key(GROUP, user);
            if (crc32Partition(key) != KeyPartitions.of(key, PARTITIONS)) {
                return user;
            }
        }
    }

    private static int crc32Partition(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PARTITIONS);
    }

    private static String request(String requestId, String user) {
        return "{\"requestId\":\"" + requestId + "\",\"groupId\":\"" + GROUP + "\",\"username\":\"" + user
                + "\",\"monthsUntilExpiration\":3}";
    }

    private void send(String topic, int partition, long timestamp, String key, byte[] value, RecordHeaders headers)
            throws Exception {
        try (Producer<byte[], byte[]> producer = worker.clients().producer()) {
            producer.send(new ProducerRecord<>(topic, partition, timestamp, key.getBytes(StandardCharsets.UTF_8),
                    value, headers)).get(30, TimeUnit.SECONDS);
        }
    }

    private List<String> answeredStates(int partition) {
        return worker.readAll(worker.topics().requestsState()).stream()
                .filter(record -> record.partition() == partition && record.value() != null)
                .filter(record -> "answered".equals(TopicCollector.field(record, "state")))
                .map(record -> new String(record.key(), StandardCharsets.UTF_8)).toList();
    }

    private ConsumerRecord<byte[], byte[]> lastOf(String topic, String key, int partition) {
        List<ConsumerRecord<byte[], byte[]>> records = worker.readAll(topic).stream()
                .filter(record -> record.partition() == partition && record.key() != null
                        && new String(record.key(), StandardCharsets.UTF_8).equals(key)).toList();
        assertThat(records).as("records of %s in %s-%d", key, topic, partition).isNotEmpty();
        return records.get(records.size() - 1);
    }

    private static String errorCodeOf(ConsumerRecord<byte[], byte[]> outcome) {
        return TopicCollector.field(outcome, "errorCode");
    }

    private List<String> signedSerials(String requestId) throws Exception {
        return Files.readAllLines(worker.caDirectory().resolve("signatures.log")).stream()
                .filter(line -> line.contains(requestId)).toList();
    }

    private String metrics() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + worker.worker().metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
