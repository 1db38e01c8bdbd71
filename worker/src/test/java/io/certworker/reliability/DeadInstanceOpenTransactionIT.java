package io.certworker.reliability;

import io.certworker.issuance.Issuer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.config.WorkerConfig;
import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.MintDraft;
import io.certworker.issuance.MintJournal;
import io.certworker.issuance.ca.CaSettings;
import io.certworker.issuance.ca.GroupCaStore;
import io.certworker.issuance.ca.InternalCaIssuer;
import io.certworker.issuance.ca.RootCaSource;
import io.certworker.kafka.TopicProvisioner;
import io.certworker.topics.TopicPlan;
import io.certworker.secrets.KeyEncryptionKey;
import io.certworker.testing.processes.InProcessBroker;
import io.certworker.testing.processes.Outcomes;
import io.certworker.testing.processes.Outcomes.Outcome;
import io.certworker.testing.processes.SignatureLogs;
import io.certworker.testing.processes.TestRootCa;
import io.certworker.testing.processes.Traffic;
import io.certworker.testing.processes.Traffic.Request;
import io.certworker.testing.processes.Traffic.User;
import io.certworker.testing.processes.WorkerEnvironment;
import io.certworker.testing.processes.WorkerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The state a worker instance leaves behind when it dies at the worst moment, built exactly, then handed to a real
 * worker process. The dead instance ("victim") had
 * <ol>
 *   <li>an outcome transaction still open (its answered record on the request's state partition, its consumed offset
 *       sent to the transaction, no commit): it stays open until the transaction timeout aborts it;</li>
 *   <li>after that, committed the draft of the next request of the same partition in its journal transaction;</li>
 *   <li>and signed that certificate (its signature log says so).</li>
 * </ol>
 * The same in another partition without an open transaction is the control. A worker that takes the partitions over
 * must finish both certificates from their drafts (the serials the victim signed), never mint them anew.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DeadInstanceOpenTransactionIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkerProcess worker;
    private Outcomes outcomes;
    private Traffic traffic;
    private KafkaProducer<byte[], byte[]> openTransaction;
    private ExecutorService crypto;

    @AfterEach
    void stopEverything() {
        if (worker != null) {
            worker.close();
        }
        if (outcomes != null) {
            outcomes.close();
        }
        if (traffic != null) {
            traffic.close();
        }
        if (openTransaction != null) {
            openTransaction.close(Duration.ZERO);
        }
        if (crypto != null) {
            crypto.shutdownNow();
        }
    }

    @Test
    void a_draft_committed_after_a_dead_instances_still_open_transaction_is_finished_from_the_draft_not_minted_anew()
            throws Exception {
        Path directory = Workspace.fresh("dead-instance-open-transaction");
        TestRootCa root = TestRootCa.generate(directory.resolve("root"));
        WorkerEnvironment environment = InProcessBroker.environment("deadtxn", root);
        createTopics(environment);

        traffic = Traffic.to(environment.bootstrapServers(), environment.usersTopic(), environment.requestsTopic());
        List<User> users = traffic.putUsers(1, 40);
        // Two users on different partitions: one for the case, one for the control.
        Map<Integer, User> byPartition = new HashMap<>();
        Map<User, Integer> partitionOf = new HashMap<>();
        for (User user : users) {
            int partition = traffic.send(new Request("probe-" + UUID.randomUUID(), user, 1)).get().partition();
            byPartition.putIfAbsent(partition, user);
            partitionOf.put(user, partition);
        }
        // The probes above are requests too; the victim "published" them all (committed offsets below).
        User caseUser = byPartition.values().iterator().next();
        User controlUser = byPartition.values().stream().filter(user -> !user.equals(caseUser)).findFirst().orElseThrow();
        int casePartition = partitionOf.get(caseUser);
        int controlPartition = partitionOf.get(controlUser);

        Request published = new Request("published-" + UUID.randomUUID(), caseUser, 3);
        long publishedOffset = traffic.send(published).get().offset();
        Request caseRequest = new Request("case-" + UUID.randomUUID(), caseUser, 3);
        long caseOffset = traffic.send(caseRequest).get().offset();
        Request controlRequest = new Request("control-" + UUID.randomUUID(), controlUser, 3);
        long controlOffset = traffic.send(controlRequest).get().offset();

        String victimTransactionalId = environment.groupId() + "-victim";
        Map<TopicPartition, OffsetAndMetadata> consumed = new HashMap<>();
        for (int partition = 0; partition < 6; partition++) {
            consumed.put(new TopicPartition(environment.requestsTopic(), partition),
                    new OffsetAndMetadata(endOffset(environment, partition, partition == casePartition
                            ? publishedOffset : partition == controlPartition ? controlOffset : -1)));
        }
        // Everything before the case's "published" request and the control request: consumed and committed.
        try (KafkaProducer<byte[], byte[]> committed = producer(environment, victimTransactionalId + "-before")) {
            committed.initTransactions();
            committed.beginTransaction();
            committed.sendOffsetsToTransaction(consumed, new ConsumerGroupMetadata(environment.groupId()));
            committed.commitTransaction();
        }

        // 1. The victim's outcome transaction for "published": answered record + offset, never committed.
        openTransaction = producer(environment, victimTransactionalId);
        openTransaction.initTransactions();
        openTransaction.beginTransaction();
        openTransaction.send(new ProducerRecord<>(environment.requestsStateTopic(), casePartition,
                published.requestId().getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(Map.of(
                        "schemaVersion", 1, "state", "answered", "requestId", published.requestId(),
                        "groupId", caseUser.groupId(), "username", caseUser.username(),
                        "serialNumber", "1234567", "issuer", "internal-ca", "answeredAt", Instant.now().toString()))))
                .get();
        openTransaction.sendOffsetsToTransaction(Map.of(new TopicPartition(environment.requestsTopic(), casePartition),
                new OffsetAndMetadata(caseOffset)), new ConsumerGroupMetadata(environment.groupId()));

        // 2. + 3. Its journal commits the drafts of the next requests, and its CA signs them.
        Path victimCa = directory.resolve("victim");
        KeyEncryptionKey kek = KeyEncryptionKey.fromBase64(WorkerEnvironment.KEY_ENCRYPTION_KEY);
        crypto = Executors.newFixedThreadPool(2);
        Map<String, Integer> draftPartitions = Map.of(caseRequest.requestId(), casePartition,
                controlRequest.requestId(), controlPartition);
        try (KafkaProducer<byte[], byte[]> journal = producer(environment, victimTransactionalId + "-journal")) {
            journal.initTransactions();
            MintJournal victimJournal = new MintJournal() {
                @Override
                public CompletionStage<Void> record(MintDraft draft) {
                    try {
                        journal.beginTransaction();
                        journal.send(new ProducerRecord<>(environment.requestsStateTopic(),
                                draftPartitions.get(draft.requestId()), draft.requestId().getBytes(StandardCharsets.UTF_8),
                                JSON.writeValueAsBytes(Map.of("schemaVersion", 1, "state", "minting",
                                        "requestId", draft.requestId(), "issuer", draft.issuer(),
                                        "startedAt", Instant.now().toString(),
                                        "wrappedSecret", kek.wrap(draft.secret(),
                                                "cert-worker certificate draft " + draft.requestId()),
                                        "keyEncryptionKeyId", kek.id()))));
                        journal.commitTransaction();
                        return CompletableFuture.completedFuture(null);
                    } catch (Exception e) {
                        return CompletableFuture.failedFuture(e);
                    }
                }

                @Override
                public Optional<MintDraft> find(String requestId) {
                    return Optional.empty();
                }
            };
            Issuer victim = InternalCaIssuer.create(
                    new CaSettings(KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P256, "cert-worker", "cert-worker",
                            Duration.ofDays(3650), Duration.ofDays(7300)),
                    new RootCaSource.PemFiles(root.certificateFile(), root.privateKeyFile()),
                    GroupCaStore.onDisk(victimCa.resolve("groups")), victimJournal,
                    WorkerEnvironment.signatureLog(victimCa), crypto, Clock.systemUTC());
            for (Request request : List.of(caseRequest, controlRequest)) {
                IssuanceResult result = victim.issue(new CertificateOrder(request.requestId(), request.user().groupId(),
                        request.user().username(), request.months())).toCompletableFuture().get();
                assertThat(result).isInstanceOf(IssuanceResult.Issued.class);
            }
        }
        Map<String, Set<String>> victimSigned = SignatureLogs.read(List.of(WorkerEnvironment.signatureLog(victimCa)))
                .serialsByRequestId();

        // The victim is dead: its outcome transaction stays open until the broker's timeout aborts it. A worker
        // takes all partitions over.
        Path workerCa = directory.resolve("worker-1");
        worker = WorkerProcess.start("worker-1", environment.instance("worker-1", workerCa),
                directory.resolve("worker-1.log"));
        outcomes = Outcomes.collect(environment.bootstrapServers(), environment.issuedTopic(), environment.failedTopic());
        outcomes.awaitAnswered(3, Duration.ofSeconds(90), () -> { }, worker::describeTail);
        Outcomes.waitUntil(() -> outcomes.byRequestId().keySet().containsAll(
                Set.of(published.requestId(), caseRequest.requestId(), controlRequest.requestId())), Duration.ofSeconds(60));
        assertThat(worker.sigterm()).isZero();

        Map<String, List<Outcome>> answers = Outcomes.readAll(environment.bootstrapServers(), environment.issuedTopic(),
                environment.failedTopic()).stream().collect(java.util.stream.Collectors.groupingBy(Outcome::requestId));
        SignatureLogs all = SignatureLogs.read(List.of(WorkerEnvironment.signatureLog(victimCa),
                WorkerEnvironment.signatureLog(workerCa)));
        String controlSerial = answers.get(controlRequest.requestId()).get(0).serialNumber();
        String caseSerial = answers.get(caseRequest.requestId()).get(0).serialNumber();
        new Figures("dead-instance-open-transaction")
                .put("controlFinishedFromDraft", victimSigned.get(controlRequest.requestId()).contains(controlSerial))
                .put("caseFinishedFromDraft", victimSigned.get(caseRequest.requestId()).contains(caseSerial))
                .put("caseSerials", all.serialsByRequestId().get(caseRequest.requestId()).toString().replace(" ", ""))
                .print();
        assertThat(controlSerial).as("control: a draft with no open transaction before it is finished by the next owner")
                .isIn(victimSigned.get(controlRequest.requestId()));
        assertThat(all.mintedTwice()).as("requests minted twice (victim's serial, then the worker's)").isEmpty();
        assertThat(caseSerial).as("the draft committed after the open transaction is finished, not minted anew")
                .isIn(victimSigned.get(caseRequest.requestId()));
    }

    private static long endOffset(WorkerEnvironment environment, int partition, long given) throws Exception {
        if (given >= 0) {
            return given;
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", environment.bootstrapServers()))) {
            TopicPartition topicPartition = new TopicPartition(environment.requestsTopic(), partition);
            return admin.listOffsets(Map.of(topicPartition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .partitionResult(topicPartition).get().offset();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(WorkerEnvironment environment, String transactionalId) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, environment.bootstrapServers());
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        properties.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The worker's own topic layout (as topics.create would make it), before any worker runs. */
    private static void createTopics(WorkerEnvironment environment) {
        Map<String, String> settings = new HashMap<>();
        environment.instance("setup", Path.of("unused")).forEach((variable, value) -> {
            if (variable.startsWith("CERT_WORKER_TOPIC_")) {
                settings.put(variable.substring("CERT_WORKER_".length()).toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '.'), value);
            }
        });
        WorkerConfig config = new WorkerConfig(settings);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", environment.bootstrapServers()))) {
            new TopicProvisioner(admin).createMissing(new TopicPlan(config.topicNames(),
                    config.requestStateRetention()).specs(), 6, (short) 1);
        }
    }
}
