package io.certworker.testing.processes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What producers put on the worker's input topics: MANAGED X.509 users in several projects ({@code db-users}) and
 * requests for them ({@code cert-requests}), keyed {@code groupId/username}, each with a requestId of its own. The
 * producer is idempotent and patient (it rides out a broker outage of minutes).
 */
public final class Traffic implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A database user. */
    public record User(String groupId, String username) {
        public String key() {
            return groupId + "/" + username;
        }
    }

    /** A certificate request. */
    public record Request(String requestId, User user, int months) {
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final String usersTopic;
    private final String requestsTopic;

    private Traffic(String bootstrapServers, String usersTopic, String requestsTopic) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000);
        properties.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        this.producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
        this.usersTopic = usersTopic;
        this.requestsTopic = requestsTopic;
    }

    public static Traffic to(String bootstrapServers, String usersTopic, String requestsTopic) {
        return new Traffic(bootstrapServers, usersTopic, requestsTopic);
    }

    /** {@code groups} fresh projects (random 24-hex ids) of {@code usersPerGroup} MANAGED users each, written and acknowledged. */
    public List<User> putUsers(int groups, int usersPerGroup) throws Exception {
        SecureRandom random = new SecureRandom();
        List<User> users = new ArrayList<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            byte[] id = new byte[12];
            random.nextBytes(id);
            String groupId = HexFormat.of().formatHex(id);
            for (int u = 0; u < usersPerGroup; u++) {
                User user = new User(groupId, "user-" + g + "-" + u);
                ObjectNode value = JSON.createObjectNode().put("groupId", user.groupId()).put("username", user.username())
                        .put("databaseName", "$external").put("x509Type", "MANAGED");
                sent.add(producer.send(record(usersTopic, user.key(), value)));
                users.add(user);
            }
        }
        awaitAll(sent, Duration.ofSeconds(60));
        return users;
    }

    /** {@code count} requests spread round-robin over {@code users}, each with a fresh requestId. */
    public static List<Request> requests(List<User> users, int count) {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(new Request(UUID.randomUUID().toString(), users.get(i % users.size()), 1 + i % 24));
        }
        return requests;
    }

    /** Sends {@code request} (asynchronously). */
    public Future<RecordMetadata> send(Request request) {
        ObjectNode value = JSON.createObjectNode().put("requestId", request.requestId())
                .put("groupId", request.user().groupId()).put("username", request.user().username())
                .put("monthsUntilExpiration", request.months());
        return producer.send(record(requestsTopic, request.user().key(), value));
    }

    /** Sends all of them at once and waits until the broker acknowledged every one. */
    public void sendAll(List<Request> requests) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        requests.forEach(request -> sent.add(send(request)));
        producer.flush();
        awaitAll(sent, Duration.ofSeconds(180));
    }

    /** Sends them from a thread of its own at about {@code perSecond}; {@link Stream#awaitSent} waits for the acks. */
    public Stream stream(List<Request> requests, double perSecond) {
        return new Stream(requests, perSecond, requests.size());
    }

    /**
     * Like {@link #stream(List, double)}, but holds before request number {@code holdAt} until {@link Stream#release}
     * lets it go further: a test can make sure requests are still to come when its next fault happens, however long
     * a process takes to start on a busy machine.
     */
    public Stream stream(List<Request> requests, double perSecond, int holdAt) {
        return new Stream(requests, perSecond, holdAt);
    }

    /** Requests being sent in the background. */
    public final class Stream {
        private final List<Future<RecordMetadata>> sent = new ArrayList<>();
        private final AtomicInteger count = new AtomicInteger();
        private final Object gate = new Object();
        private final Thread thread;
        private volatile int limit;
        private volatile Throwable failure;

        private Stream(List<Request> requests, double perSecond, int holdAt) {
            long intervalNanos = (long) (1_000_000_000L / perSecond);
            limit = holdAt;
            thread = new Thread(() -> {
                long next = System.nanoTime();
                try {
                    for (Request request : requests) {
                        synchronized (gate) {
                            while (count.get() >= limit) {
                                gate.wait();
                                next = System.nanoTime();
                            }
                        }
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        Future<RecordMetadata> future = send(request);
                        synchronized (sent) {
                            sent.add(future);
                        }
                        count.incrementAndGet();
                        next += intervalNanos;
                    }
                    producer.flush();
                } catch (Throwable e) {
                    failure = e;
                }
            }, "request-stream");
            thread.setDaemon(true);
            thread.start();
        }

        /** Lets the stream go on up to (not including) request number {@code upTo}. */
        public void release(int upTo) {
            synchronized (gate) {
                limit = Math.max(limit, upTo);
                gate.notifyAll();
            }
        }

        /** How many requests were handed to the producer so far. */
        public int sent() {
            return count.get();
        }

        /** Waits until every request was sent and acknowledged. */
        public void awaitSent(Duration timeout) throws Exception {
            thread.join(timeout.toMillis());
            if (thread.isAlive()) {
                throw new AssertionError("the request stream did not finish within " + timeout);
            }
            if (failure != null) {
                throw new AssertionError("the request stream failed: " + failure, failure);
            }
            List<Future<RecordMetadata>> copy;
            synchronized (sent) {
                copy = List.copyOf(sent);
            }
            awaitAll(copy, timeout);
        }

        /** Stops sending (for a test's clean-up). */
        public void stop() {
            thread.interrupt();
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, ObjectNode value) {
        try {
            return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitAll(List<Future<RecordMetadata>> futures, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<RecordMetadata> future : futures) {
            future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
