package io.certworker.embeddedkafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A real Apache Kafka cluster (KRaft, no ZooKeeper) running inside this JVM, built from Kafka's own
 * server class {@code kafka.server.KafkaRaftServer}: N nodes, each a combined broker and controller,
 * listening on 127.0.0.1 only, plaintext.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(3).start()) {
 *     String bootstrap = kafka.bootstrapServers();
 *     ...
 * }
 * }</pre>
 *
 * <p>While a cluster started by {@link Builder#start()} or {@link #startSingleNode(int, Path)} runs,
 * Kafka's exit and halt procedures throw instead of ending the JVM.
 *
 * <p>Logging: the broker logs through SLF4J 2 and this module adds no SLF4J provider, so the host
 * program's binding (Logback in the worker) receives the broker's logs and there is never a second
 * binding. When that binding is Logback, broker loggers without a configured level are set to WARN
 * at start; give them a level in your Logback configuration to see more.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    /** The client port the local {@code dev} command uses. */
    public static final int DEV_PORT = 9092;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 5;
    private static final AtomicInteger THREAD_COUNTER = new AtomicInteger();

    private final List<KafkaNode> nodes;
    private final String bootstrapServers;
    private final Path createdDir;
    private final boolean exitGuarded;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaCluster(List<KafkaNode> nodes, String bootstrapServers, Path createdDir,
                                 boolean exitGuarded) {
        this.nodes = List.copyOf(nodes);
        this.bootstrapServers = bootstrapServers;
        this.createdDir = createdDir;
        this.exitGuarded = exitGuarded;
    }

    /** A builder for a one-node cluster on free ports in a fresh temporary directory. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a single-node broker on 127.0.0.1:{@code port} with its log dir at {@code dataDir} (reused if
     * formatted). Only {@code java.*} types in the signature, so that a program can call it through an
     * isolated class loader that holds this module and the Kafka broker jars.
     *
     * @param port    the client port; 0 picks a free one
     * @param dataDir the node's log directory, created if missing and kept on close
     * @return closing it shuts the broker down and waits
     */
    public static AutoCloseable startSingleNode(int port, Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        return builder().brokerPort(port).dataDir(dataDir).start();
    }

    /**
     * Runs a standalone single-node broker until the process is terminated. Arguments: {@code port}
     * (default 9092; 0 picks a free one) and {@code dataDir} (default: a temporary directory, deleted on
     * exit). Prints one line {@code bootstrap.servers=127.0.0.1:port} to standard output once the broker
     * answers; exits with status 1 if it cannot start. SIGTERM shuts the broker down cleanly.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length > 2) {
            System.err.println("usage: EmbeddedKafkaCluster [port] [dataDir]");
            System.exit(2);
        }
        Builder builder = builder().brokerPort(args.length > 0 ? Integer.parseInt(args[0]) : DEV_PORT);
        if (args.length > 1) {
            builder.dataDir(Path.of(args[1]));
        }
        EmbeddedKafkaCluster cluster;
        try {
            // Once started, a standalone broker keeps Kafka's own behaviour: a fatal error ends the process.
            cluster = builder.start(false);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "embedded-kafka-shutdown"));
        System.out.println("bootstrap.servers=" + cluster.bootstrapServers());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /** The clients' bootstrap list: {@code 127.0.0.1:port[,127.0.0.1:port2...]}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The number of nodes (each a broker and a controller). */
    public int nodeCount() {
        return nodes.size();
    }

    /** The temporary directory this cluster created and deletes on close, if any (for tests). */
    Optional<Path> temporaryDirectory() {
        return Optional.ofNullable(createdDir);
    }

    /**
     * Shuts all nodes down in parallel and waits; then deletes the temporary directory this cluster
     * created (never a directory given with {@link Builder#dataDir(Path)}). Idempotent.
     *
     * @throws IllegalStateException if a node failed to shut down within 60 s (cleanup still happens)
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            List<String> failures = stopAll(nodes);
            if (!failures.isEmpty()) {
                throw new IllegalStateException("Embedded Kafka did not shut down cleanly: " + failures);
            }
        } finally {
            if (exitGuarded) {
                ExitGuard.release();
            }
            deleteQuietly(createdDir);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaCluster[" + bootstrapServers + "]";
    }

    /** Stops nodes in parallel; returns a description of each failure. */
    private static List<String> stopAll(List<KafkaNode> nodes) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, nodes.size()), daemonThreads("stop"));
        try {
            Map<KafkaNode, Future<?>> stops = new LinkedHashMap<>();
            for (KafkaNode node : nodes) {
                stops.put(node, pool.submit(node::stop));
            }
            long deadline = System.nanoTime() + SHUTDOWN_TIMEOUT.toNanos();
            List<String> failures = new ArrayList<>();
            for (Map.Entry<KafkaNode, Future<?>> stop : stops.entrySet()) {
                try {
                    stop.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    failures.add("node " + stop.getKey().nodeId() + " still stopping after " + SHUTDOWN_TIMEOUT);
                } catch (ExecutionException e) {
                    LOG.warn("Embedded Kafka node {} failed to stop", stop.getKey().nodeId(), e.getCause());
                    failures.add("node " + stop.getKey().nodeId() + ": " + e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add("interrupted while stopping node " + stop.getKey().nodeId());
                }
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String purpose) {
        ClassLoader loader = EmbeddedKafkaCluster.class.getClassLoader();
        return task -> {
            Thread t = new Thread(task, "embedded-kafka-" + purpose + "-" + THREAD_COUNTER.incrementAndGet());
            t.setDaemon(true);
            // Threads the broker creates inherit this loader, which also holds Kafka's classes when this
            // module was loaded through an isolated class loader.
            t.setContextClassLoader(loader);
            return t;
        };
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not delete embedded Kafka directory {}", dir, e);
        }
    }

    /**
     * Configures and starts an {@link EmbeddedKafkaCluster}. Defaults: one node, free ports, a fresh
     * temporary directory deleted on close.
     */
    public static final class Builder {
        private int nodes = 1;
        private int brokerPort;
        private Path dataDir;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private PortSource portSource = Builder::freePorts;

        private Builder() {
        }

        /** Where the free ports of each start attempt come from: a seam for testing the bind retry. */
        @FunctionalInterface
        interface PortSource {
            List<Integer> pick(int count) throws IOException;
        }

        Builder portSource(PortSource source) {
            this.portSource = Objects.requireNonNull(source, "source");
            return this;
        }

        /** The number of combined broker+controller nodes, at least 1 (default 1). */
        public Builder nodes(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("nodes must be at least 1, was " + n);
            }
            this.nodes = n;
            return this;
        }

        /** A fixed client port, for a single node only; 0 (the default) picks free ports. */
        public Builder brokerPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.brokerPort = port;
            return this;
        }

        /**
         * A persistent log directory, kept on close. A directory that already holds a formatted node
         * ({@code meta.properties}) is reused as is, so topics and records survive a restart. With more
         * than one node, node {@code i} lives in {@code dataDir/node-i}.
         */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * An extra broker configuration property, applied after the defaults (it wins). For TLS on the
         * client listener, map it to SSL and give the broker its stores, for example
         * {@code listener.security.protocol.map=PLAINTEXT:SSL,CONTROLLER:PLAINTEXT} with
         * {@code ssl.keystore.*} and {@code ssl.truststore.*}: the listener keeps its name, so
         * {@link EmbeddedKafkaCluster#bootstrapServers()} is unchanged, and the readiness check connects
         * with the broker's own {@code ssl.*} settings, as inter-broker traffic does.
         */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Formats the directories if needed, starts all nodes in parallel and blocks until every broker
         * answers {@code Admin.describeCluster}.
         *
         * @throws IllegalStateException if the cluster is not ready within 60 s, or a fixed port is taken
         */
        public EmbeddedKafkaCluster start() {
            return start(true);
        }

        EmbeddedKafkaCluster start(boolean guardExit) {
            if (brokerPort != 0 && nodes != 1) {
                throw new IllegalStateException("brokerPort can only be fixed for a single node, not " + nodes);
            }
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(EmbeddedKafkaCluster.class.getClassLoader());
            // Always guarded while starting (a port taken under us must lead to a retry, not a halt);
            // the cluster keeps the guard while it runs only when guardExit is set.
            ExitGuard.acquire();
            BrokerLogLevels.quietUnlessConfigured();
            Path created = null;
            boolean started = false;
            try {
                Path root = dataDir;
                if (root == null) {
                    created = Files.createTempDirectory("embedded-kafka-");
                    root = created;
                }
                List<KafkaNode> kafkaNodes = new ArrayList<>();
                for (int i = 0; i < nodes; i++) {
                    Path dir = (nodes == 1 && dataDir != null) ? root : root.resolve("node-" + i);
                    kafkaNodes.add(new KafkaNode(i, dir));
                }
                format(kafkaNodes);
                String bootstrap = startWithRetries(kafkaNodes);
                started = true;
                if (!guardExit) {
                    ExitGuard.release();
                }
                return new EmbeddedKafkaCluster(kafkaNodes, bootstrap, created, guardExit);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("Embedded Kafka failed to start: " + e.getMessage(), e);
            } finally {
                thread.setContextClassLoader(previous);
                if (!started) {
                    ExitGuard.release();
                    deleteQuietly(created);
                }
            }
        }

        /** One cluster id for all nodes: the one already on disk, or a new one. */
        private static void format(List<KafkaNode> kafkaNodes) throws Exception {
            List<String> existing = kafkaNodes.stream().map(KafkaNode::formattedClusterId)
                    .flatMap(Optional::stream).distinct().collect(Collectors.toList());
            if (existing.size() > 1) {
                throw new IllegalStateException("Data directories belong to different clusters: " + existing);
            }
            String clusterId = existing.isEmpty() ? Uuid.randomUuid().toString() : existing.get(0);
            for (KafkaNode node : kafkaNodes) {
                node.formatIfNeeded(clusterId);
            }
        }

        /**
         * Picks free ports, starts, and on a bind failure (another process took a port between picking
         * and binding) stops everything and tries again with new ports.
         */
        private String startWithRetries(List<KafkaNode> kafkaNodes) throws Exception {
            long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
            for (int attempt = 1; ; attempt++) {
                if (brokerPort != 0 && !isFree(brokerPort)) {
                    throw new IllegalStateException("Embedded Kafka cannot start: 127.0.0.1:" + brokerPort
                            + " is already in use (another Kafka broker running?)");
                }
                List<Integer> picked = portSource.pick(2 * nodes);
                List<Integer> brokerPorts = new ArrayList<>(picked.subList(0, nodes));
                List<Integer> controllerPorts = picked.subList(nodes, 2 * nodes);
                if (brokerPort != 0) {
                    brokerPorts.set(0, brokerPort);
                }
                List<Integer> ports = new ArrayList<>(brokerPorts);
                ports.addAll(controllerPorts);
                List<Map<String, Object>> configs = new ArrayList<>();
                for (KafkaNode node : kafkaNodes) {
                    configs.add(BrokerConfigs.forNode(node.nodeId(), node.logDir(), brokerPorts, controllerPorts,
                            brokerProperties));
                }
                try {
                    startNodes(kafkaNodes, configs, deadline);
                    String bootstrap = brokerPorts.stream().map(p -> BrokerConfigs.HOST + ":" + p)
                            .collect(Collectors.joining(","));
                    awaitBrokers(bootstrap, BrokerConfigs.clientSecurity(configs.get(0)), nodes, deadline);
                    return bootstrap;
                } catch (Exception e) {
                    stopAll(kafkaNodes);
                    // A listener that fails to bind is a fatal fault for Kafka (it calls Exit.halt, which
                    // ExitGuard turns into an exception without the cause), so also look at the ports:
                    // with our nodes stopped, a picked port that is still taken belongs to someone else.
                    boolean bindConflict = isBindFailure(e) || ports.stream().anyMatch(p -> !isFree(p));
                    if (!bindConflict || attempt >= START_ATTEMPTS || System.nanoTime() > deadline) {
                        throw e;
                    }
                    LOG.warn("Embedded Kafka: a port was taken while starting (attempt {}), retrying", attempt);
                }
            }
        }

        /** Starts every node in its own thread: a node's startup blocks until the quorum has formed. */
        private static void startNodes(List<KafkaNode> kafkaNodes, List<Map<String, Object>> configs,
                                       long deadline) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(kafkaNodes.size(), daemonThreads("start"));
            List<Future<?>> starts = new ArrayList<>();
            try {
                for (int i = 0; i < kafkaNodes.size(); i++) {
                    KafkaNode node = kafkaNodes.get(i);
                    Map<String, Object> config = configs.get(i);
                    starts.add(pool.submit(() -> node.start(config)));
                }
                for (Future<?> start : starts) {
                    try {
                        start.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (ExecutionException e) {
                        throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
                    } catch (TimeoutException e) {
                        throw new IllegalStateException("Embedded Kafka: " + kafkaNodes.size()
                                + " node(s) did not finish starting within " + STARTUP_TIMEOUT, e);
                    }
                }
            } finally {
                starts.forEach(f -> f.cancel(true));
                pool.shutdownNow();
            }
        }

        /** Polls {@code describeCluster} until {@code expected} brokers answer. */
        private static void awaitBrokers(String bootstrap, Map<String, Object> security, int expected,
                                         long deadline) throws InterruptedException {
            Map<String, Object> config = new LinkedHashMap<>(security);
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
            int seen = 0;
            Exception last = null;
            try (Admin admin = Admin.create(config)) {
                while (System.nanoTime() < deadline) {
                    try {
                        seen = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                        if (seen >= expected) {
                            return;
                        }
                    } catch (ExecutionException | TimeoutException e) {
                        last = e;
                    }
                    Thread.sleep(100);
                }
            }
            throw new IllegalStateException("Embedded Kafka at " + bootstrap + ": " + seen + " of " + expected
                    + " broker(s) answered describeCluster within " + STARTUP_TIMEOUT, last);
        }

        private static boolean isBindFailure(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException
                        || (t.getMessage() != null && t.getMessage().contains("failed to bind"))) {
                    return true;
                }
            }
            return false;
        }

        private static boolean isFree(int port) {
            try {
                new ServerSocket(port, 1, InetAddress.getByName(BrokerConfigs.HOST)).close();
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /** Distinct free ports, all bound at once so none is picked twice; closed before returning. */
        private static List<Integer> freePorts(int count) throws IOException {
            List<ServerSocket> sockets = new ArrayList<>();
            try {
                InetAddress host = InetAddress.getByName(BrokerConfigs.HOST);
                for (int i = 0; i < count; i++) {
                    sockets.add(new ServerSocket(0, 1, host));
                }
                return sockets.stream().map(ServerSocket::getLocalPort).collect(Collectors.toList());
            } finally {
                for (ServerSocket s : sockets) {
                    s.close();
                }
            }
        }
    }
}
