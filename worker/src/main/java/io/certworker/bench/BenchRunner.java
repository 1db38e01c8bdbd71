package io.certworker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.config.LifecycleConfig;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.DatabaseUser;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.Issuer;
import io.certworker.issuance.JournaledIssuer;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.MintJournal;
import io.certworker.issuance.ca.CaObserver;
import io.certworker.issuance.ca.CaSettings;
import io.certworker.issuance.ca.CryptoProviders;
import io.certworker.issuance.ca.GroupCaStore;
import io.certworker.issuance.ca.InternalCaIssuer;
import io.certworker.issuance.ca.KeyPool;
import io.certworker.issuance.ca.RootCaSource;
import io.certworker.kafka.KafkaClients;
import io.certworker.runtime.Worker;
import io.certworker.secrets.KeyEncryptionKey;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Runs the scenarios: for each, (a) the raw rate of the internal CA on all cores with no Kafka at all, then (b) the
 * end-to-end rate and latency of a real worker through Kafka (requests produced at once, or one at a time for an
 * idle scenario; outcomes read with read_committed), and the ratio (b)/(a). Only the subject key (or the CSR) differs between scenarios: every CA key
 * is P-256.
 */
public final class BenchRunner {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final int USERS = 64;
    /**
     * Requests each run (raw and end to end) makes before it measures: CSR requests, which need no key generation, so
     * that the JIT has compiled the whole path whatever the scenario's key type costs.
     */
    public static final int WARM_UP_REQUESTS = 2000;

    /** One scenario's figures. */
    public record Result(Scenario scenario, double rawPerSecond, double endToEndPerSecond, Latencies latencies) {
        public double ratio() {
            return rawPerSecond == 0 ? 0 : endToEndPerSecond / rawPerSecond;
        }
    }

    private final String bootstrapServers;
    private final Path workDirectory;
    private final PrintStream progress;
    private final CryptoProviders providers;
    private final int warmUpRequests;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final ObjectMapper json = new ObjectMapper();

    public BenchRunner(String bootstrapServers, Path workDirectory, PrintStream progress) {
        this(bootstrapServers, workDirectory, progress, CryptoProviders.automatic(), WARM_UP_REQUESTS);
    }

    /**
     * A runner whose raw runs and workers use {@code providers}' choice ({@code crypto.provider}), and that warms each
     * scenario up with {@code warmUpRequests} requests before timing it (fewer only to check that bench runs).
     */
    public BenchRunner(String bootstrapServers, Path workDirectory, PrintStream progress, CryptoProviders providers,
            int warmUpRequests) {
        if (warmUpRequests < 0) {
            throw new IllegalArgumentException("warmUpRequests must be 0 or more: " + warmUpRequests);
        }
        this.bootstrapServers = bootstrapServers;
        this.workDirectory = workDirectory;
        this.progress = progress;
        this.providers = providers;
        this.warmUpRequests = warmUpRequests;
    }

    public Result run(Scenario scenario) throws Exception {
        List<String> csrs = scenario.csr() ? csrs(scenario.requests()) : null;
        List<String> warmUp = csrs(warmUpRequests);
        double raw = raw(scenario, csrs, warmUp); // with a pool too: the CA's own limit, which a warm pool may beat
        EndToEnd endToEnd = endToEnd(scenario, csrs, warmUp);
        return new Result(scenario, raw, endToEnd.perSecond(), endToEnd.latencies());
    }

    /** (a) The internal CA alone: every request submitted at once to a pool of one thread per core. */
    double raw(Scenario scenario, List<String> csrs, List<String> warmUp) {
        ExecutorService crypto = Executors.newFixedThreadPool(cores);
        try {
            Path ca = workDirectory.resolve("raw-" + scenario.name() + "-" + UUID.randomUUID());
            Issuer issuer = new JournaledIssuer<>(InternalCaIssuer.minter(settings(scenario.algorithm()),
                    new RootCaSource.GeneratedIn(ca.resolve("root")), GroupCaStore.onDisk(ca.resolve("groups")),
                    null, CaObserver.NONE, KeyPool.NONE, providers, null, null, crypto, Clock.systemUTC()),
                    MintJournal.NONE);
            List<CompletableFuture<IssuanceResult>> warming = new ArrayList<>();
            for (int i = 0; i < warmUp.size(); i++) {
                warming.add(issuer.issue(order("warm-up-" + i, i, warmUp.get(i))).toCompletableFuture());
            }
            warming.forEach(CompletableFuture::join);
            issuer.issue(order(scenario, csrs, 0)).toCompletableFuture().join(); // the scenario's own path, once
            long started = System.nanoTime();
            List<CompletableFuture<IssuanceResult>> results = new ArrayList<>();
            for (int i = 0; i < scenario.requests(); i++) {
                results.add(issuer.issue(order(scenario, csrs, i)).toCompletableFuture());
            }
            int done = 0;
            for (CompletableFuture<IssuanceResult> result : results) {
                if (!(result.join() instanceof IssuanceResult.Issued)) {
                    throw new IllegalStateException("the raw run was refused: " + result.join());
                }
                progress(scenario.name() + " raw", ++done, scenario.requests());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            progress.println();
            return scenario.requests() / seconds;
        } finally {
            crypto.shutdownNow();
        }
    }

    private record EndToEnd(double perSecond, Latencies latencies) {
    }

    /** (b) A real worker: requests produced as fast as the producer goes, outcomes read as they commit. */
    private EndToEnd endToEnd(Scenario scenario, List<String> csrs, List<String> warmUp) throws Exception {
        String prefix = "bench-" + scenario.name() + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<String, String> settings = new HashMap<>();
        settings.put(WorkerConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        settings.put(WorkerConfig.GROUP_ID, prefix + "group");
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
        settings.put(WorkerConfig.TOPICS_CREATE, "true");
        settings.put(WorkerConfig.TOPICS_PARTITIONS, "6");
        settings.put(WorkerConfig.KEY_ALGORITHM, scenario.algorithm().configName());
        settings.put(WorkerConfig.CA_KEY_ALGORITHM, KeyAlgorithm.EC_P256.configName());
        settings.put(WorkerConfig.KEY_POOL_SIZE, Integer.toString(scenario.pool()));
        settings.put(WorkerConfig.CA_DIR, workDirectory.resolve(prefix + "ca").toString());
        settings.put(WorkerConfig.CA_ROOT_GENERATE, "true");
        settings.put(WorkerConfig.KEY_ENCRYPTION_KEY, KeyEncryptionKey.generateBase64());
        settings.put(WorkerConfig.METRICS_PORT, "0");
        settings.put(WorkerConfig.METRICS_HOST, "127.0.0.1");
        settings.put(WorkerConfig.MAX_IN_FLIGHT, Integer.toString(Math.max(1000, scenario.requests())));
        settings.put(WorkerConfig.CRYPTO_PROVIDER, providers.choice());
        WorkerConfig config = WorkerConfig.forWorker(settings);
        KafkaClients clients = new KafkaClients(config.kafkaClientProperties());
        try (Worker worker = Worker.start(config, Clock.systemUTC());
             Producer<byte[], byte[]> producer = clients.producer();
             Consumer<byte[], byte[]> consumer = clients.readerConsumer()) {
            for (int user = 0; user < USERS; user++) {
                producer.send(new ProducerRecord<>(config.topicNames().users(), key("user" + user),
                        EventCodec.instance().encode(DatabaseUser.of(GROUP, "user" + user, "$external",
                                X509Type.MANAGED))));
            }
            producer.flush();
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(config.topicNames().issued(), config.topicNames().failed())) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            for (int i = 0; i < warmUp.size(); i++) {
                send(producer, config, "warm-up-" + i, i, warmUp.get(i));
            }
            send(producer, config, "warm-up-" + scenario.name(), 0, csrs == null ? null : csrs.get(0));
            producer.flush();
            await(consumer, warmUp.size() + 1, scenario.name() + " warm-up", new HashMap<>(), new HashMap<>());
            if (scenario.pool() > 0) {
                awaitPool(worker.metricsPort(), scenario);
            }

            Map<String, Long> sent = new ConcurrentHashMap<>();
            Map<String, Long> answered = new HashMap<>();
            long started = System.nanoTime();
            for (int i = 0; i < scenario.requests(); i++) {
                String requestId = "r" + i;
                sent.put(requestId, System.nanoTime());
                send(producer, config, requestId, i, csrs == null ? null : csrs.get(i));
                if (scenario.idle()) {
                    producer.flush();
                    await(consumer, 1, scenario.name() + " end-to-end", answered, Map.of(requestId, 0L), false);
                    progress(scenario.name() + " end-to-end", i + 1, scenario.requests());
                }
            }
            producer.flush();
            if (scenario.idle()) {
                progress.println();
            } else {
                await(consumer, scenario.requests(), scenario.name() + " end-to-end", answered, sent);
            }
            long finished = answered.values().stream().mapToLong(Long::longValue).max().orElse(started);
            long[] latencies = answered.entrySet().stream()
                    .mapToLong(entry -> entry.getValue() - sent.get(entry.getKey())).toArray();
            return new EndToEnd(scenario.requests() / ((finished - started) / 1e9), Latencies.of(latencies));
        }
    }

    /** A request of user {@code index} (modulo the users), for {@code csr}'s key when there is one. */
    private void send(Producer<byte[], byte[]> producer, WorkerConfig config, String requestId, int index, String csr)
            throws Exception {
        String username = "user" + Math.floorMod(index, USERS);
        Map<String, Object> request = new HashMap<>();
        request.put("requestId", requestId);
        request.put("groupId", GROUP);
        request.put("username", username);
        if (csr != null) {
            request.put("csr", csr);
        }
        producer.send(new ProducerRecord<>(config.topicNames().requests(), key(username), json.writeValueAsBytes(request)));
    }

    private void await(Consumer<byte[], byte[]> consumer, int expected, String label, Map<String, Long> answered,
                       Map<String, Long> sent) {
        await(consumer, expected, label, answered, sent, true);
    }

    /** Reads outcomes until {@code expected} of {@code sent}'s requests (any, when it is empty) are answered. */
    private void await(Consumer<byte[], byte[]> consumer, int expected, String label, Map<String, Long> answered,
                       Map<String, Long> sent, boolean report) {
        int seen = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (seen < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(label + ": only " + seen + " of " + expected + " outcomes");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                long now = System.nanoTime();
                String requestId = requestId(record);
                if (record.topic().endsWith(Topics.FAILED)) {
                    throw new IllegalStateException(label + ": request " + requestId + " failed: "
                            + new String(record.value(), StandardCharsets.UTF_8));
                }
                if (sent.isEmpty() || sent.containsKey(requestId)) {
                    answered.put(requestId, now);
                    seen++;
                }
            }
            if (report) {
                progress(label, seen, expected);
            }
        }
        if (report) {
            progress.println();
        }
    }

    private void awaitPool(int metricsPort, Scenario scenario) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            double available = metrics.lines().filter(line -> line.startsWith("certworker_key_pool_available"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
            progress(scenario.name() + " filling the key pool", (int) available, scenario.pool());
            if (available >= scenario.pool()) {
                progress.println();
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the key pool did not fill");
    }

    private String requestId(ConsumerRecord<byte[], byte[]> record) {
        try {
            JsonNode value = json.readTree(record.value());
            return value.path("requestId").asText();
        } catch (IOException e) {
            return "";
        }
    }

    private void progress(String label, int done, int of) {
        progress.printf("\r%-40s %6d / %d", label, done, of);
        progress.flush();
    }

    private CertificateOrder order(Scenario scenario, List<String> csrs, int index) {
        return order("raw-" + index + "-" + UUID.randomUUID(), index, csrs == null ? null : csrs.get(index));
    }

    private CertificateOrder order(String requestId, int index, String csr) {
        return new CertificateOrder(requestId, GROUP, "user" + Math.floorMod(index, USERS), 3, csr);
    }

    /** The requesters' CSRs for users 0, 1, … (their work, not the CA's: made before the clock starts). */
    static List<String> csrs(int count) throws Exception {
        List<String> csrs = new ArrayList<>();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        for (int i = 0; i < count; i++) {
            KeyPair keys = generator.generateKeyPair();
            var request = new JcaPKCS10CertificationRequestBuilder(new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, "user" + Math.floorMod(i, USERS)).build(), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(request);
            }
            csrs.add(pem.toString());
        }
        return csrs;
    }

    private static CaSettings settings(KeyAlgorithm subject) {
        return new CaSettings(subject, KeyAlgorithm.EC_P256, "cert-worker", "cert-worker", Duration.ofDays(3650),
                Duration.ofDays(7300));
    }

    private static byte[] key(String username) {
        return Topics.key(GROUP, username).getBytes(StandardCharsets.UTF_8);
    }
}
