package io.certworker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.config.WorkerConfig;
import io.certworker.contracts.DatabaseUser;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.directory.UserLookup;
import io.certworker.handling.CertificateRequestHandler;
import io.certworker.issuance.JournaledIssuer;
import io.certworker.issuance.atlas.AtlasIssuer;
import io.certworker.kafka.KafkaClients;
import io.certworker.kafka.TopicProvisioner;
import io.certworker.ledger.PublishedCertificates;
import io.certworker.requeststate.KafkaMintJournal;
import io.certworker.requeststate.RequestGuard;
import io.certworker.requeststate.RequestMemory;
import io.certworker.requeststate.RequestStateRecords;
import io.certworker.requeststate.RequestStateRestorer;
import io.certworker.runtime.IssuerFactory;
import io.certworker.topics.TopicNames;
import io.certworker.topics.TopicPlan;
import io.certworker.testing.TestWorker;
import io.certworker.testing.TopicCollector;
import io.certworker.testing.atlas.FakeAtlas;
import io.certworker.validation.RequestValidator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate Atlas minted is published even when the first attempt to publish it fails: the transaction is aborted
 * and the same outcome is published again, never a second call to Atlas. The broker and the producer are real; the
 * producer's first commit is made to fail.
 */
class PublishRetryIntegrationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";

    @TempDir
    Path directory;

    @Test
    void aMintedCertificateIsPublishedOnceAfterAFailedCommitWithoutASecondCallToAtlas() throws Exception {
        try (FakeAtlas atlas = FakeAtlas.start().serviceAccount("id", "secret")) {
            Map<String, String> overrides = new HashMap<>();
            overrides.put(WorkerConfig.ISSUER, "atlas");
            overrides.put(WorkerConfig.ATLAS_BASE_URL, atlas.baseUrl());
            overrides.put(WorkerConfig.ATLAS_CLIENT_ID, "id");
            overrides.put(WorkerConfig.ATLAS_CLIENT_SECRET, "secret");
            WorkerConfig config = WorkerConfig.forWorker(TestWorker.settings(directory, overrides));
            KafkaClients clients = new KafkaClients(config.kafkaClientProperties());
            TopicNames topics = config.topicNames();
            try (Admin admin = clients.admin()) {
                new TopicProvisioner(admin).createMissing(new TopicPlan(topics, Duration.ofDays(1),
                        config.lifecycleSettings().topics()).specs(), 1,
                        (short) -1);
            }
            AtomicInteger failedCommits = new AtomicInteger();
            Producer<byte[], byte[]> producer = failingFirstCommit(
                    clients.transactionalProducer(config.transactionalId()), failedCommits);
            DatabaseUser alice = DatabaseUser.of(GROUP, "alice", "$external", X509Type.MANAGED);
            Producer<byte[], byte[]> journalProducer = clients.producer();
            RequestStateRecords records = new RequestStateRecords(topics.requestsState());
            RequestGuard guard = new RequestGuard(Duration.ofDays(7), Clock.systemUTC());
            try (KafkaMintJournal journal = new KafkaMintJournal(records, 1, journalProducer, null, Clock.systemUTC());
                 AtlasIssuer atlasIssuer = new AtlasIssuer(IssuerFactory.atlasSettings(config), Clock.systemUTC());
                 TopicCollector published = new TopicCollector(clients.readerConsumer(),
                         List.of(topics.issued(), topics.failed()));
                 Producer<byte[], byte[]> requests = clients.producer()) {
                RequestMemory memory = new RequestMemory(guard, journal, records, new RequestStateRestorer(records,
                        clients::readerConsumer, clients::logEndReader, Duration.ofSeconds(30), guard, journal));
                CertificateRequestHandler handler = new CertificateRequestHandler(new RequestValidator(),
                        (groupId, username) -> CompletableFuture.completedFuture(new UserLookup.Found(alice)),
                        new JournaledIssuer<>(atlasIssuer, journal));
                WorkerLoop loop = WorkerLoop.create(clients.requestConsumer(config.groupId(), Optional.empty(), 500),
                        producer, topics, 1, handler, memory, PublishedCertificates.IGNORED, PipelineObserver.NONE,
                        WorkerLoop.Settings.defaults(), Clock.systemUTC());
                Thread thread = new Thread(loop, "loop-under-test");
                thread.start();
                try {
                    requests.send(new ProducerRecord<>(topics.requests(), Topics.key(GROUP, "alice").getBytes(StandardCharsets.UTF_8),
                            ("{\"requestId\":\"r-1\",\"groupId\":\"" + GROUP + "\",\"username\":\"alice\"}")
                                    .getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);

                    List<ConsumerRecord<byte[], byte[]>> outcomes = published.await(
                            record -> "r-1".equals(TopicCollector.field(record, "requestId")), Duration.ofSeconds(60));
                    Thread.sleep(1000); // a duplicate would show up now
                    String seen = "published: " + describe(published.withField("requestId", "r-1")) + "; Atlas saw: "
                            + atlas.requests().stream().map(r -> r.method() + " " + r.path() + " as " + r.principal())
                            .toList() + "; loop failure: " + loop.failure();
                    assertThat(outcomes).as(seen).hasSize(1);
                    assertThat(outcomes.get(0).topic()).as(seen).isEqualTo(topics.issued());
                    assertThat(published.withField("requestId", "r-1")).as(seen).hasSize(1);
                    assertThat(failedCommits).hasValue(1);
                    assertThat(atlas.certificateRequests()).as(seen).hasSize(1);
                } finally {
                    loop.stop();
                    assertThat(loop.awaitTermination(Duration.ofSeconds(30))).isTrue();
                }
            }
        }
    }

    private static List<String> describe(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(record -> record.topic() + " " + (record.value() == null ? "null"
                : new String(record.value(), StandardCharsets.UTF_8).replaceAll("-----BEGIN[^-]+-----[^-]+", "<pem>")))
                .toList();
    }

    /** The real producer, except that its first {@code commitTransaction} fails as a broker error would. */
    @SuppressWarnings("unchecked")
    private static Producer<byte[], byte[]> failingFirstCommit(Producer<byte[], byte[]> real, AtomicInteger failed) {
        return (Producer<byte[], byte[]>) Proxy.newProxyInstance(Producer.class.getClassLoader(),
                new Class<?>[] {Producer.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("commitTransaction") && failed.compareAndSet(0, 1)) {
                        throw new KafkaException("injected: the commit did not go through");
                    }
                    try {
                        return method.invoke(real, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
