package io.certworker.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.Topics;
import io.certworker.testing.TestWorker;
import io.certworker.testing.TopicCollector;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A test worker's lifecycle topics: issue a certificate, send a revocation, wait for the one outcome of a revocation
 * request.
 */
final class Lifecycle implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final TestWorker worker;
    final LifecycleTopics topics;
    final TopicCollector collector;

    Lifecycle(TestWorker worker) {
        this.worker = worker;
        this.topics = new WorkerConfig(worker.settings()).lifecycleSettings().topics();
        this.collector = new TopicCollector(worker.clients().readerConsumer(), List.of(topics.revoked(),
                topics.expiring(), worker.topics().failed(), worker.topics().deadLetters()));
    }

    CertificateIssued issue(String group, String username, int months) throws Exception {
        return issue(group, username, months, null);
    }

    CertificateIssued issue(String group, String username, int months, String renewalOf) throws Exception {
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> request = new HashMap<>(Map.of("requestId", requestId, "groupId", group,
                "username", username, "monthsUntilExpiration", months));
        if (renewalOf != null) {
            request.put("renewalOf", renewalOf);
        }
        worker.sendRequest(Topics.key(group, username), JSON.writeValueAsString(request));
        ConsumerRecord<byte[], byte[]> outcome = worker.outcome(requestId);
        if (!outcome.topic().equals(worker.topics().issued())) {
            throw new AssertionError("not issued: " + new String(outcome.value()));
        }
        return EventCodec.instance().decode(outcome.value(), CertificateIssued.class);
    }

    /** Sends a revocation request and returns its id. */
    String revoke(String group, String username, String serial, String reason) throws Exception {
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> request = new HashMap<>(Map.of("requestId", requestId, "groupId", group,
                "username", username, "serialNumber", serial));
        if (reason != null) {
            request.put("reason", reason);
        }
        send(Topics.key(group, username), JSON.writeValueAsBytes(request));
        return requestId;
    }

    void send(String key, byte[] value) throws Exception {
        worker.send(topics.revocations(), key, value);
    }

    /** The one outcome of a revocation request (after a grace period, so that a second one would be seen). */
    ConsumerRecord<byte[], byte[]> outcome(String requestId) throws InterruptedException {
        List<ConsumerRecord<byte[], byte[]>> outcomes = collector.await(
                record -> requestId.equals(TopicCollector.field(record, "requestId")), Duration.ofSeconds(60));
        Thread.sleep(300);
        outcomes = collector.withField("requestId", requestId);
        if (outcomes.size() != 1) {
            throw new AssertionError("expected one outcome of " + requestId + ", got " + outcomes.size());
        }
        return outcomes.get(0);
    }

    @Override
    public void close() {
        collector.close();
        worker.close();
    }
}
