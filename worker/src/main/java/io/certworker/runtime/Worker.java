package io.certworker.runtime;

import io.certworker.config.WorkerConfig;
import io.certworker.directory.KafkaProjectSecurity;
import io.certworker.directory.KafkaUserDirectory;
import io.certworker.handling.CertificateRequestHandler;
import io.certworker.issuance.Issuer;
import io.certworker.issuance.MintJournal;
import io.certworker.issuance.atlas.AtlasIssuer;
import io.certworker.issuance.ca.GroupCaStore;
import io.certworker.issuance.ca.InternalCaIssuer;
import io.certworker.issuance.ca.KeyPool;
import io.certworker.kafka.KafkaClients;
import io.certworker.kafka.TopicProvisioner.TopicSpec;
import io.certworker.kafka.TopicProvisioner;
import io.certworker.ledger.KafkaLedger;
import io.certworker.ledger.LedgerRecords;
import io.certworker.lifecycle.ExpiryGauges;
import io.certworker.lifecycle.LifecycleMetrics;
import io.certworker.lifecycle.LifecycleOwner;
import io.certworker.lifecycle.LifecycleSettings;
import io.certworker.lifecycle.LifecycleTopics;
import io.certworker.metrics.BrokerCheck;
import io.certworker.metrics.OperationsServer;
import io.certworker.metrics.WorkerMetrics;
import io.certworker.pipeline.RequestStates;
import io.certworker.pki.OcspResponder;
import io.certworker.pki.PkiRoutes;
import io.certworker.pki.ProjectCrls;
import io.certworker.pipeline.RevocationRecordProcessor;
import io.certworker.revocation.CertificateTable;
import io.certworker.pipeline.TopicNames;
import io.certworker.pipeline.WorkerLoop;
import io.certworker.secrets.KeyEncryptionKey;
import io.certworker.validation.RequestValidator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running worker instance. {@link #start} checks the topics, loads the CA, reads the user directory to its end
 * and only then starts taking requests; {@link #close} stops taking requests, lets in-flight ones finish and be
 * published (bounded by {@code shutdown.timeout.ms}), and closes every client.
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    /** Dead letters copy records that may be close to Kafka's default 1 MiB limit, plus headers. */
    private static final int DEAD_LETTER_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
    /** How long a loop that was told to give up may take to do so. */
    private static final Duration ABANDON_TIMEOUT = Duration.ofSeconds(10);

    private final WorkerLoop loop;
    private final Thread loopThread;
    private final Resources resources;
    private final Duration shutdownTimeout;
    private volatile int metricsPort = -1;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final CountDownLatch closeFinished = new CountDownLatch(1);

    private Worker(WorkerLoop loop, Resources resources, Duration shutdownTimeout) {
        this.loop = loop;
        this.resources = resources;
        this.shutdownTimeout = shutdownTimeout;
        this.loopThread = new Thread(loop, "worker-loop");
    }

    /**
     * Starts a worker. Returns once it is taking requests.
     *
     * @throws IllegalStateException with a message for the operator when something it needs is missing
     */
    public static Worker start(WorkerConfig config, Clock clock) throws InterruptedException {
        validateIssuer(config); // refuse an incomplete issuer configuration before connecting to anything
        LifecycleSettings lifecycle = config.lifecycleSettings();
        KeyEncryptionKey kek = config.keyEncryptionKey();
        KafkaClients clients = new KafkaClients(config.kafkaClientProperties());
        TopicNames topics = config.topicNames();
        prepareTopics(config, clients, topics);

        String transactionalId = config.transactionalId();
        Resources resources = new Resources();
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            resources.add(registry::close);
            bindJvmMetrics(registry, resources);
            WorkerMetrics metrics = new WorkerMetrics(registry, config.issuer(),
                    config.caSettings().subjectKeyAlgorithm());
            Readiness readiness = new Readiness();
            OperationsServer operations = null;
            if (config.metricsPort() >= 0) {
                BrokerCheck broker = new BrokerCheck(clients.admin());
                resources.add(broker);
                OperationsServer server = OperationsServer.start(config.metricsHost(), config.metricsPort(), registry,
                        Map.of("loop", readiness::alive), readiness.checks(broker));
                resources.add(server);
                readiness.metricsPort = server.port();
                operations = server;
            }

            ExecutorService crypto = Executors.newFixedThreadPool(config.cryptoThreads(), daemonThreads("crypto"));
            resources.add(() -> shutDown(crypto));
            Producer<byte[], byte[]> journalProducer = clients.transactionalProducer(transactionalId + "-journal");
            // A dead instance's open transaction holds the state's reading up until the broker aborts it.
            Duration stateRestoreTimeout = Collections.max(List.of(config.directoryStartupTimeout(),
                    clients.transactionTimeout().plusSeconds(30)));
            RequestStates states = new RequestStates(topics.requestsState(), clients::readerConsumer,
                    clients::logEndReader, journalProducer, kek, stateRestoreTimeout, config.requestStateRetention(), clock);
            resources.add(states);
            journalProducer.initTransactions();

            Issuer issuer = issuer(config, topics, clients, kek, states, metrics, crypto, clock, resources);
            readiness.issuer = true;
            KafkaUserDirectory directory = new KafkaUserDirectory(clients::readerConsumer, topics.users(),
                    config.directorySyncTimeout());
            resources.add(directory);
            directory.start();
            directory.awaitCaughtUp(config.directoryStartupTimeout());
            readiness.directory = directory::isCaughtUp;
            KafkaProjectSecurity projects = new KafkaProjectSecurity(clients::readerConsumer, topics.userSecurity());
            resources.add(projects);
            projects.start(config.directoryStartupTimeout());
            KafkaLedger ledger = new KafkaLedger(clients::readerConsumer, clients.producer(), topics.ledger(),
                    config.maxCertificatesPerUser(), clock, lifecycle.crl().ledgerRetention());
            resources.add(ledger);
            CertificateTable certificates = new CertificateTable(config.issuer());
            ledger.addListener(certificates::apply);
            ExpiryGauges expiryGauges = new ExpiryGauges(registry, certificates, clock);
            certificates.addListener(certificate -> expiryGauges.track(certificate.groupId()));
            ledger.start(config.directoryStartupTimeout(), config.ledgerSweepInterval());
            readiness.tables = () -> projects.isCaughtUp() && ledger.isCaughtUp();
            LifecycleMetrics lifecycleMetrics = new LifecycleMetrics(registry);
            LifecycleOwner lifecycleOwner = new LifecycleOwner(lifecycle, config.groupId(), clients, certificates,
                    directory, ledger, lifecycleMetrics, expiryGauges, clock, config.directorySyncTimeout());
            resources.add(lifecycleOwner);
            lifecycleOwner.start(config.directoryStartupTimeout());

            CertificateRequestHandler handler = new CertificateRequestHandler(new RequestValidator(), directory,
                    projects, ledger, issuer);
            org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer =
                    clients.requestConsumer(config.groupId(), 500);
            Producer<byte[], byte[]> producer = clients.transactionalProducer(transactionalId);
            KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer);
            consumerMetrics.bindTo(registry);
            resources.add(consumerMetrics);
            KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer);
            producerMetrics.bindTo(registry);
            resources.add(producerMetrics);
            RevocationRecordProcessor revocations = new RevocationRecordProcessor(lifecycle.topics(), topics.failed(),
                    topics.deadLetters(), new LedgerRecords(topics.ledger()), ledger::sync, certificates, directory,
                    config.directorySyncTimeout(), lifecycleMetrics, clock);
            WorkerLoop loop = WorkerLoop.create(consumer, producer, topics, handler, states, ledger, metrics,
                    config.loopSettings(), revocations);
            if (operations != null && issuer instanceof InternalCaIssuer internalCa) {
                ProjectCrls crls = new ProjectCrls(certificates, internalCa.issuingCas(), lifecycle.crl(), clock,
                        lifecycleMetrics::crlBuilt);
                new PkiRoutes(crls, new OcspResponder(certificates, internalCa.issuingCas(), ledger::isCaughtUp,
                        clock)).register(operations::route);
            }
            Worker worker = new Worker(loop, resources, config.loopSettings().shutdownTimeout());
            worker.metricsPort = readiness.metricsPort;
            readiness.loop = worker::isRunning;
            worker.loopThread.start();
            LOG.info("cert-worker is taking requests from {} (group {}, transactional id {}, issuer {}, {} crypto threads)",
                    topics.requests(), config.groupId(), transactionalId, config.issuer(), config.cryptoThreads());
            return worker;
        } catch (TimeoutException e) {
            resources.close();
            throw new IllegalStateException(e.getMessage(), e);
        } catch (java.io.IOException e) {
            resources.close();
            throw new IllegalStateException("cannot serve metrics on " + config.metricsHost() + ":"
                    + config.metricsPort() + ": " + e.getMessage(), e);
        } catch (RuntimeException | InterruptedException e) {
            resources.close();
            throw e;
        }
    }

    /** The port of /metrics and /health, or -1 when they are off. */
    public int metricsPort() {
        return metricsPort;
    }

    /** What /health/live and /health/ready report, filled in as the worker starts. */
    private static final class Readiness {
        volatile boolean issuer;
        volatile BooleanSupplier directory = () -> false;
        volatile BooleanSupplier tables = () -> false;
        volatile BooleanSupplier loop = () -> false;
        volatile int metricsPort = -1;
        private volatile boolean started;

        boolean alive() {
            boolean running = loop.getAsBoolean();
            started |= running;
            return running || !started; // alive while starting, and while the loop runs
        }

        Map<String, BooleanSupplier> checks(BrokerCheck broker) {
            Map<String, BooleanSupplier> checks = new java.util.LinkedHashMap<>();
            checks.put("kafka", broker);
            checks.put("userDirectory", () -> directory.getAsBoolean());
            checks.put("tables", () -> tables.getAsBoolean());
            checks.put("issuer", () -> issuer);
            checks.put("loop", () -> loop.getAsBoolean());
            return checks;
        }
    }

    private static void bindJvmMetrics(MeterRegistry registry, Resources resources) {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        resources.add(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The topics a worker reads and writes, with the settings it creates them with. */
    public static List<TopicSpec> topicSpecs(TopicNames topics, Duration requestStateRetention) {
        return List.of(
                TopicSpec.stream(topics.requests()),
                TopicSpec.stream(topics.issued()),
                TopicSpec.stream(topics.failed()),
                new TopicSpec(topics.deadLetters(), Optional.empty(),
                        Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(DEAD_LETTER_MAX_MESSAGE_BYTES))),
                TopicSpec.table(topics.users()),
                TopicSpec.table(topics.ledger()),
                TopicSpec.table(topics.userSecurity()),
                // Drafts hold wrapped keys until their outcome replaces them: small segments let compaction drop them
                // soon; the time limit bounds how long a requestId is remembered.
                new TopicSpec(topics.requestsState(), Optional.empty(), Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + ","
                                + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(requestStateRetention.toMillis()),
                        TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis()),
                        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1")),
                new TopicSpec(topics.caStore(), Optional.of(1),
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }

    /** The topics of {@link #topicSpecs(TopicNames, Duration)} and those of a certificate's life after issuance. */
    public static List<TopicSpec> topicSpecs(TopicNames topics, Duration requestStateRetention,
                                             LifecycleTopics lifecycle) {
        List<TopicSpec> specs = new java.util.ArrayList<>(topicSpecs(topics, requestStateRetention));
        specs.addAll(lifecycle.specs());
        return List.copyOf(specs);
    }

    /** Waits until the worker stops on its own or is closed. Returns 0 after a clean stop, 1 after a failure. */
    public int awaitExit() throws InterruptedException {
        while (loopThread.isAlive() && closeFinished.getCount() > 0) {
            loopThread.join(200);
        }
        return loop.failure() == null && !loopThread.isAlive() ? 0 : 1;
    }

    public boolean isRunning() {
        return loopThread.isAlive();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        loop.stop();
        try {
            if (!loop.awaitTermination(shutdownTimeout.plusSeconds(15))) {
                LOG.warn("The worker loop did not stop within {}; giving up its unpublished outcomes (their offsets "
                        + "are not committed: the partitions' next owner publishes them)", shutdownTimeout.plusSeconds(15));
                loop.abandon();
                if (!loop.awaitTermination(ABANDON_TIMEOUT)) {
                    LOG.warn("The worker loop is still stuck after {}; stopping without it", ABANDON_TIMEOUT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        resources.close();
        closeFinished.countDown();
        LOG.info("cert-worker stopped");
    }

    private static void prepareTopics(WorkerConfig config, KafkaClients clients, TopicNames topics) {
        List<TopicSpec> specs = topicSpecs(topics, config.requestStateRetention(), config.lifecycleSettings().topics());
        try (Admin admin = clients.admin()) {
            TopicProvisioner provisioner = new TopicProvisioner(admin);
            if (config.createTopics()) {
                provisioner.createMissing(specs, config.topicPartitions(), config.topicReplicationFactor());
            }
            List<String> missing = provisioner.missing(specs);
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Missing topics " + missing + ". Create them (see the README) or set "
                        + WorkerConfig.TOPICS_CREATE + "=true.");
            }
            Map<String, Integer> partitions = provisioner.partitionCounts(List.of(topics.requests(),
                    topics.requestsState()));
            if (!partitions.get(topics.requests()).equals(partitions.get(topics.requestsState()))) {
                throw new IllegalStateException("The topic " + topics.requestsState() + " must have as many partitions as "
                        + topics.requests() + " (" + partitions.get(topics.requests()) + "), not "
                        + partitions.get(topics.requestsState()) + ": it keeps each request's state beside it.");
            }
        }
    }

    /** The one place where configuration chooses the issuer. */
    private static Issuer issuer(WorkerConfig config, TopicNames topics, KafkaClients clients, KeyEncryptionKey kek,
                                 MintJournal journal, WorkerMetrics metrics, ExecutorService crypto, Clock clock,
                                 Resources resources) throws InterruptedException, TimeoutException {
        if (WorkerConfig.ISSUER_ATLAS.equals(config.issuer())) {
            metrics.keyPool(config.caSettings().subjectKeyAlgorithm(), () -> 0, () -> 0); // Atlas makes the keys
            AtlasIssuer atlas = new AtlasIssuer(config.atlasSettings(), journal, metrics, clock);
            resources.add(atlas);
            return atlas;
        }
        KeyPool pool = KeyPool.of(config.caSettings().subjectKeyAlgorithm(), config.keyPoolSize(), metrics);
        resources.add(pool);
        metrics.keyPool(config.caSettings().subjectKeyAlgorithm(), pool::size, pool::available);
        GroupCaStore store = config.caStoreInKafka()
                ? GroupCaStore.inKafka(clients::readerConsumer, clients.producer(), topics.caStore(), kek,
                        config.directoryStartupTimeout(), clock)
                : GroupCaStore.onDisk(config.caDirectory().resolve("groups"));
        if (store instanceof AutoCloseable closeable) {
            resources.add(closeable);
        }
        return InternalCaIssuer.create(config.caSettings(), config.rootCaSource(), store, journal,
                config.signatureLog(), metrics, pool, crypto, clock);
    }

    private static void validateIssuer(WorkerConfig config) {
        if (WorkerConfig.ISSUER_ATLAS.equals(config.issuer())) {
            config.atlasSettings();
        } else {
            config.rootCaSource();
        }
    }

    private static void shutDown(ExecutorService executor) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a worker holds besides its loop, closed in the reverse order of opening. */
    private static final class Resources {
        private final java.util.Deque<AutoCloseable> opened = new java.util.ArrayDeque<>();

        void add(AutoCloseable resource) {
            opened.push(resource);
        }

        void close() {
            while (!opened.isEmpty()) {
                try {
                    opened.pop().close();
                } catch (Exception e) {
                    LOG.warn("Error while stopping: {}", e.toString());
                }
            }
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
