package io.certworker.runtime;

import io.certworker.config.WorkerConfig;
import io.certworker.directory.KafkaProjectSecurity;
import io.certworker.directory.KafkaUserDirectory;
import io.certworker.directory.TableCanonicalizer;
import io.certworker.handling.CertificateRequestHandler;
import io.certworker.issuance.Issuer;
import io.certworker.issuance.ca.CryptoProviders;
import io.certworker.kafka.BrokerProbe;
import io.certworker.kafka.KafkaClients;
import io.certworker.kafka.MisroutedRecords;
import io.certworker.kafka.TopicProvisioner.TopicSpec;
import io.certworker.ledger.KafkaLedger;
import io.certworker.ledger.LedgerRecords;
import io.certworker.lifecycle.ExpiryGauges;
import io.certworker.lifecycle.LifecycleMetrics;
import io.certworker.lifecycle.LifecycleOwner;
import io.certworker.lifecycle.LifecycleSettings;
import io.certworker.metrics.BrokerCheck;
import io.certworker.metrics.CryptoProviderMetrics;
import io.certworker.metrics.JvmMeters;
import io.certworker.metrics.KafkaClientMeters;
import io.certworker.metrics.OperationsServer;
import io.certworker.metrics.PipelineMetrics;
import io.certworker.pipeline.RevocationRecordProcessor;
import io.certworker.pipeline.WorkerLoop;
import io.certworker.pki.OcspResponder;
import io.certworker.pki.PkiRoutes;
import io.certworker.pki.ProjectCrls;
import io.certworker.requeststate.KafkaMintJournal;
import io.certworker.requeststate.RequestGuard;
import io.certworker.requeststate.RequestMemory;
import io.certworker.requeststate.RequestStateRecords;
import io.certworker.requeststate.RequestStateRestorer;
import io.certworker.revocation.CertificateTable;
import io.certworker.runtime.Readiness.Check;
import io.certworker.topics.PartitionLayout;
import io.certworker.topics.TopicNames;
import io.certworker.topics.TopicPlan;
import io.certworker.validation.RequestValidator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running worker instance, start to stop. {@link #start} checks the topics, loads the CA, reads the user
 * directory and the tables to their end and only then starts taking requests; {@link #close} stops taking requests,
 * lets in-flight ones finish and be published (bounded by {@code shutdown.timeout.ms}), and closes every part.
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    /** How long a loop that was told to give up may take to do so. */
    private static final Duration ABANDON_TIMEOUT = Duration.ofSeconds(10);
    /** Past the shutdown timeout, how long the loop may take to publish before its outcomes are given up. */
    private static final Duration PUBLISH_GRACE = Duration.ofSeconds(15);

    private final WorkerLoop loop;
    private final Thread loopThread;
    private final Resources resources;
    private final Duration shutdownTimeout;
    private final int metricsPort;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closeFinished = new CountDownLatch(1);

    private Worker(WorkerLoop loop, Resources resources, Duration shutdownTimeout, int metricsPort) {
        this.loop = loop;
        this.resources = resources;
        this.shutdownTimeout = shutdownTimeout;
        this.metricsPort = metricsPort;
        this.loopThread = new Thread(loop, "worker-loop");
    }

    /**
     * Starts a worker. Returns once it is taking requests.
     *
     * @param config a worker's configuration ({@link WorkerConfig#forWorker}), checked in full
     * @throws IllegalStateException with a message for the operator when something it needs is missing
     */
    public static Worker start(WorkerConfig config, Clock clock) throws InterruptedException {
        LifecycleSettings lifecycle = config.lifecycleSettings();
        KafkaClients clients = new KafkaClients(config.kafkaClientProperties());
        TopicNames topics = config.topicNames();
        TopicPlan plan = new TopicPlan(topics, config.requestStateRetention(), lifecycle.topics());
        // One line naming the address, not a flood of client warnings, when Kafka is unreachable or lacks a topic.
        BrokerProbe.check(config.kafkaClientProperties(), config.createTopics() ? List.of()
                : plan.specs().stream().map(TopicSpec::name).toList());
        int partitions;
        int revocationPartitions;
        try (Admin admin = clients.admin()) {
            partitions = plan.prepare(admin, config.createTopics(), config.topicPartitions(),
                    config.topicReplicationFactor());
            revocationPartitions = plan.partitionsOf(admin, lifecycle.topics().revocations());
            PartitionLayout.check(admin, config.groupId(), topics.requests(), partitions,
                    config.acceptedRequestPartitions());
        }

        // After the broker's checks: an unreachable broker is the one line an operator needs to see first.
        CryptoProviders providers = CryptoProviders.select(config.cryptoProvider());
        String transactionalId = config.transactionalId();
        Resources resources = new Resources();
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            resources.add(registry::close);
            resources.add(new JvmMeters()).bindTo(registry);
            new CryptoProviderMetrics(providers).bindTo(registry);
            KafkaClientMeters kafkaMeters = resources.add(new KafkaClientMeters());
            kafkaMeters.bindTo(registry);
            PipelineMetrics metrics = resources.add(new PipelineMetrics(config.issuer().configName(),
                    config.subjectKeyAlgorithm(), topics.requests()));
            metrics.bindTo(registry);
            MisroutedRecords misrouted = new MisroutedRecords(metrics::misrouted);
            Readiness readiness = new Readiness();
            int metricsPort = -1;
            OperationsServer operations = null;
            if (config.metricsPort() >= 0) {
                BrokerCheck broker = resources.add(new BrokerCheck(clients.observed(kafkaMeters, "health").admin()));
                readiness.decide(Check.KAFKA, broker);
                operations = resources.add(OperationsServer.start(config.metricsHost(), config.metricsPort(),
                        registry, readiness.live(), readiness.ready()));
                metricsPort = operations.port();
            }

            ExecutorService crypto = Executors.newFixedThreadPool(config.cryptoThreads(), daemonThreads("crypto"));
            resources.add(() -> shutDown(crypto));
            RequestMemory memory = requestMemory(config, clients, kafkaMeters, partitions, resources, clock);

            IssuerFactory.Made made = new IssuerFactory(config, clients.observed(kafkaMeters, "ca-store"), registry,
                    resources, clock).create(memory.journal(), providers, crypto);
            Issuer issuer = made.issuer();
            readiness.decide(Check.ISSUER, made.healthy()); // false while a PKCS#11 token is lost
            KafkaUserDirectory directory = resources.add(new KafkaUserDirectory(
                    clients.observed(kafkaMeters, "users")::readerConsumer, topics.users(),
                    config.directorySyncTimeout()));
            directory.start();
            directory.awaitCaughtUp(config.directoryStartupTimeout());
            readiness.decide(Check.USER_DIRECTORY, directory::isCaughtUp);
            KafkaProjectSecurity projects = resources.add(new KafkaProjectSecurity(
                    clients.observed(kafkaMeters, "user-security")::readerConsumer, topics.userSecurity()));
            projects.start(config.directoryStartupTimeout());
            KafkaClients ledgerClients = clients.observed(kafkaMeters, "ledger");
            // Entries of expired certificates stay while a CRL may still list them.
            KafkaLedger ledger = resources.add(new KafkaLedger(ledgerClients::readerConsumer, ledgerClients.producer(),
                    topics.ledger(), config.maxCertificatesPerUser(), clock, lifecycle.crl().ledgerRetention()));
            CertificateTable certificates = new CertificateTable(config.issuer().configName());
            ledger.addListener(certificates::apply);
            ExpiryGauges expiryGauges = resources.add(new ExpiryGauges(certificates, clock));
            expiryGauges.bindTo(registry);
            certificates.addListener(certificate -> expiryGauges.track(certificate.groupId()));
            ledger.start(config.directoryStartupTimeout(), config.ledgerSweepInterval());
            readiness.decide(Check.TABLES, () -> projects.isCaughtUp() && ledger.isCaughtUp());
            KafkaClients tableClients = clients.observed(kafkaMeters, "tables");
            TableCanonicalizer canonicalizer = resources.add(new TableCanonicalizer(
                    tableClients.requestConsumer(config.groupId() + "-tables", config.instanceId(), 500),
                    tableClients.transactionalProducer(transactionalId + "-tables"),
                    List.of(TableCanonicalizer.users(directory, topics.users()),
                            TableCanonicalizer.userSecurity(projects, topics.userSecurity())),
                    misrouted, config.directorySyncTimeout()));
            canonicalizer.start();
            LifecycleMetrics lifecycleMetrics = resources.add(new LifecycleMetrics());
            lifecycleMetrics.bindTo(registry);
            LifecycleOwner lifecycleOwner = resources.add(new LifecycleOwner(lifecycle, config.groupId(),
                    clients.observed(kafkaMeters, "lifecycle"), certificates, directory, ledger, lifecycleMetrics,
                    expiryGauges, clock, config.directorySyncTimeout()));
            lifecycleOwner.start(config.directoryStartupTimeout());

            CertificateRequestHandler handler = new CertificateRequestHandler(new RequestValidator(), directory,
                    projects, ledger, issuer);
            RevocationRecordProcessor revocations = new RevocationRecordProcessor(lifecycle.topics(), topics.failed(),
                    topics.deadLetters(), new LedgerRecords(topics.ledger()), ledger::sync, certificates, directory,
                    config.directorySyncTimeout(), lifecycleMetrics, revocationPartitions, misrouted, clock);
            KafkaClients loopClients = clients.observed(kafkaMeters, "requests");
            Consumer<byte[], byte[]> consumer = loopClients.requestConsumer(config.groupId(), config.instanceId(), 500);
            Producer<byte[], byte[]> producer = loopClients.transactionalProducer(transactionalId);
            WorkerLoop.Settings loopSettings = WorkerLoop.Settings.defaults()
                    .withLimits(config.maxInFlight(), config.shutdownTimeout());
            WorkerLoop loop = WorkerLoop.create(consumer, producer, topics, partitions, handler, memory, ledger,
                    metrics, loopSettings, clock, revocations);
            if (operations != null && made.issuingCas().isPresent()) {
                // Each project's CRL and OCSP responder, on the operations port (the internal CA only).
                ProjectCrls crls = new ProjectCrls(certificates, made.issuingCas().get(), lifecycle.crl(), clock,
                        lifecycleMetrics::crlBuilt);
                new PkiRoutes(crls, new OcspResponder(certificates, made.issuingCas().get(), ledger::isCaughtUp,
                        clock)).register(operations::route);
            }
            Worker worker = new Worker(loop, resources, config.shutdownTimeout(), metricsPort);
            readiness.loopStarted(worker::isRunning);
            readiness.decide(Check.LOOP, loop::isReady);
            worker.loopThread.start();
            try {
                worker.awaitReady(config.directoryStartupTimeout());
            } catch (TimeoutException e) {
                worker.close(); // stops the loop, then closes everything else
                throw new IllegalStateException(e.getMessage(), e);
            } catch (RuntimeException | InterruptedException e) {
                worker.close();
                throw e;
            }
            LOG.info("cert-worker is taking requests from {} (group {}, transactional id {}, issuer {}, {} crypto "
                            + "threads)", topics.requests(), config.groupId(), transactionalId, config.issuer(),
                    config.cryptoThreads());
            return worker;
        } catch (TimeoutException e) {
            resources.close();
            throw new IllegalStateException(e.getMessage(), e);
        } catch (IOException e) {
            resources.close();
            throw new IllegalStateException("cannot serve metrics on " + config.metricsHost() + ":"
                    + config.metricsPort() + ": " + e.getMessage(), e);
        } catch (RuntimeException | InterruptedException e) {
            resources.close();
            throw e;
        }
    }

    /**
     * The request state: the guard, the mint journal (an idempotent producer of its own), and the restorer that reads
     * each taken-over partition's state to its end first.
     */
    private static RequestMemory requestMemory(WorkerConfig config, KafkaClients clients,
                                               KafkaClientMeters kafkaMeters, int partitions, Resources resources,
                                               Clock clock) {
        RequestStateRecords records = new RequestStateRecords(config.topicNames().requestsState());
        RequestGuard guard = new RequestGuard(config.requestStateRetention(), clock);
        Producer<byte[], byte[]> journalProducer = clients.observed(kafkaMeters, "journal").producer();
        KafkaMintJournal journal = resources.add(new KafkaMintJournal(records, partitions, journalProducer,
                config.keyEncryptionKey(), clock));
        // A dead instance's open transaction holds the state's reading up until the broker aborts it.
        Duration restoreTimeout = Collections.max(List.of(config.directoryStartupTimeout(),
                clients.transactionTimeout().plusSeconds(30)));
        RequestStateRestorer restorer = new RequestStateRestorer(records, clients::readerConsumer,
                clients::logEndReader, restoreTimeout, guard, journal);
        return new RequestMemory(guard, journal, records, restorer);
    }

    /** Waits until the loop has joined its group and restored its partitions' state: taking requests. */
    private void awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!loop.isReady()) {
            if (!loopThread.isAlive()) {
                RuntimeException failure = loop.failure();
                throw new IllegalStateException("the worker loop stopped while starting"
                        + (failure == null ? "" : ": " + failure.getMessage()), failure);
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the worker did not join its consumer group and restore its partitions "
                        + "within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** The port of /metrics and /health, or -1 when they are off. */
    public int metricsPort() {
        return metricsPort;
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
            Duration patience = shutdownTimeout.plus(PUBLISH_GRACE);
            if (!loop.awaitTermination(patience)) {
                LOG.warn("The worker loop did not stop within {}; giving up its unpublished outcomes (their offsets "
                        + "are not committed: the partitions' next owner publishes them)", patience);
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

    private static void shutDown(ExecutorService executor) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
