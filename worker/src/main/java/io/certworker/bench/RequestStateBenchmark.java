package io.certworker.bench;

import io.certworker.kafka.KafkaClients;
import io.certworker.requeststate.AnsweredRequests;
import io.certworker.requeststate.KafkaMintJournal;
import io.certworker.requeststate.RequestGuard;
import io.certworker.requeststate.RequestStateRecords;
import io.certworker.requeststate.RequestStateRestorer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

/**
 * What remembering answered requestIds costs: heap per requestId (the table's own count, and the heap's growth
 * measured around it), and the time to restore a partition holding that many answered states from the state topic,
 * as an instance taking the partition over does before it takes a request from it.
 */
public final class RequestStateBenchmark {
    /**
     * The figures.
     *
     * @param remembered      requestIds remembered
     * @param tableBytesPerId the table's arrays, per requestId
     * @param heapBytesPerId  the heap's growth while the table filled, after a full GC, per requestId
     * @param restoreMillis   time to read the partition's state to its end into a new guard
     * @param restoreRecords  records read back
     */
    public record Result(int remembered, double tableBytesPerId, double heapBytesPerId, long restoreMillis,
                         int restoreRecords) {
    }

    private final String bootstrapServers;
    private final PrintStream progress;

    public RequestStateBenchmark(String bootstrapServers, PrintStream progress) {
        this.bootstrapServers = bootstrapServers;
        this.progress = progress;
    }

    public Result run(int requestIds) throws Exception {
        progress.printf("request-state: %d answered requestIds in memory…%n", requestIds);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Instant answeredAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SecureRandom random = new SecureRandom();
        String[] ids = new String[requestIds];
        BigInteger[] serials = new BigInteger[requestIds];
        for (int i = 0; i < requestIds; i++) {
            ids[i] = UUID.randomUUID().toString();
            serials[i] = new BigInteger(64, random).setBit(62);
        }
        long before = usedAfterGc(memory);
        AnsweredRequests table = new AnsweredRequests();
        for (int i = 0; i < requestIds; i++) {
            table.put(ids[i], serials[i], answeredAt);
        }
        long after = usedAfterGc(memory);
        double tableBytes = (double) table.heapBytes() / requestIds;
        double heapBytes = (double) (after - before) / requestIds;

        String topic = "bench-state-" + UUID.randomUUID();
        KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", bootstrapServers));
        try (Admin admin = clients.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        RequestStateRecords records = new RequestStateRecords(topic);
        progress.printf("request-state: writing %d answered states to %s…%n", requestIds, topic);
        try (Producer<byte[], byte[]> producer = clients.producer()) {
            for (int i = 0; i < requestIds; i++) {
                producer.send(records.answered(0, ids[i], BenchRunner.GROUP, "user-" + (i % BenchRunner.USERS),
                        serials[i], "internal-ca", answeredAt));
            }
            producer.flush();
        }
        progress.println("request-state: restoring the partition…");
        RequestGuard guard = new RequestGuard(Duration.ofDays(7), Clock.systemUTC());
        try (KafkaMintJournal journal = new KafkaMintJournal(records, 1,
                clients.producer(), null, Clock.systemUTC())) {
            RequestStateRestorer restorer = new RequestStateRestorer(records, clients::readerConsumer,
                    clients::logEndReader, Duration.ofMinutes(5), guard, journal);
            long started = System.nanoTime();
            restorer.assigned(List.of(new TopicPartition("bench-requests", 0)));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            int restored = guard.answeredCounts().getOrDefault(0, 0);
            return new Result(requestIds, tableBytes, heapBytes, millis, restored);
        } finally {
            try (Admin admin = clients.admin()) {
                admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
