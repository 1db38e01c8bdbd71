package io.certworker.cli;

import io.certworker.config.ConfigSources;
import io.certworker.config.IssuerKind;
import io.certworker.config.WorkerConfig;
import io.certworker.dev.DevBroker;
import io.certworker.issuance.ca.RootCaSource;
import io.certworker.runtime.Logging;
import io.certworker.runtime.Worker;
import io.certworker.secrets.KeyEncryptionKey;
import io.certworker.topics.TopicNames;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cert-worker dev}: an embedded Kafka broker, a dev CA and the worker, with nothing to install. */
@Command(name = "dev",
        mixinStandardHelpOptions = true,
        description = {"Run everything locally: an embedded single-node Kafka (KRaft) broker on 127.0.0.1, the "
                + "topics, a development root CA generated once under --data-dir, and the worker.",
                "Every setting of `cert-worker config`, from CERT_WORKER_* variables or --config, applies as in run; "
                        + "dev only changes some defaults (topics.create=true, ca.dir=<data-dir>/ca, "
                        + "ca.root.generate=true, metrics.host=127.0.0.1, a key-encryption key and a stable instance.id "
                        + "kept for the data folder), and its options below win when given. bootstrap.servers is "
                        + "always the embedded broker.",
                "Data (Kafka logs, CA keys) stays in --data-dir between runs. Stop with Ctrl-C."},
        footer = {"", "Example:",
                "  java -jar worker/target/cert-worker.jar dev --kafka-port 9092 --key-algorithm EC-P256",
                "  CERT_WORKER_ATLAS_CLIENT_ID=mdb_sa_id_... CERT_WORKER_ATLAS_CLIENT_SECRET_FILE=./secret \\",
                "      java -jar worker/target/cert-worker.jar dev --issuer atlas"})
final class DevCommand implements Callable<Integer> {
    static final String EXAMPLE_GROUP = "5efda6aea3f2ed2e7dd6ce05";

    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT",
            description = "Port of the embedded broker on 127.0.0.1. Default: ${DEFAULT-VALUE}.")
    int kafkaPort;

    @Option(names = "--data-dir", defaultValue = ".cert-worker", paramLabel = "DIR",
            description = "Folder for the broker's data and the dev CA (unless ca.dir is set). Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--key-algorithm", paramLabel = "ALGORITHM",
            description = "Key type of issued certificates (RSA-2048, RSA-3072, RSA-4096, EC-P256, EC-P384). "
                    + "Default: key.algorithm, RSA-4096 like Atlas; EC-P256 is much faster.")
    String keyAlgorithm;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Port of /metrics and /health (0 picks a free one). Default: metrics.port, 9404.")
    Integer metricsPort;

    @Option(names = "--issuer", paramLabel = "ISSUER",
            description = "internal-ca (default: the dev CA) or atlas (Atlas's Admin API at --atlas-base-url, with the "
                    + "credentials from CERT_WORKER_ATLAS_CLIENT_ID/_SECRET or CERT_WORKER_ATLAS_PUBLIC_KEY/"
                    + "_PRIVATE_KEY, or their *_FILE variants).")
    String issuer;

    @Option(names = "--atlas-base-url", paramLabel = "URL",
            description = "Atlas or an Atlas-compatible server, for --issuer atlas. Default: https://cloud.mongodb.com.")
    String atlasBaseUrl;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with settings (see `cert-worker config`); CERT_WORKER_* variables override "
                    + "it. Default: $CERT_WORKER_CONFIG_FILE, if set.")
    Path configFile;

    @Option(names = "--verbose", description = "Log at DEBUG (as log.level=DEBUG).")
    boolean verbose;

    @Option(names = "--ca-key-store", paramLabel = "STORE",
            description = "software (default) or pkcs11: the CA keys in a SoftHSM2 token that dev initialises under "
                    + "--data-dir/softhsm (needs softhsm2; see docs/hsm.md).")
    String caKeyStore;

    /** The dev token of --ca-key-store pkcs11, or null. */
    private DevToken token;

    @Override
    public Integer call() throws Exception {
        token = WorkerConfig.CA_KEY_STORE_PKCS11.equals(caKeyStore) ? new DevToken(dataDir) : null;
        Optional<Integer> relaunched = token == null ? Optional.empty() : token.relaunchUnlessConfigured(System.out);
        if (relaunched.isPresent()) {
            return relaunched.get(); // SoftHSM2 reads its configuration from the environment: dev ran again with it
        }
        String bootstrap = "127.0.0.1:" + kafkaPort;
        // The whole configuration is checked before the broker starts: a mistake costs a second, not a broker start.
        WorkerConfig config = configuration(bootstrap);
        Logging.worker(config, verbose);
        config.unknownSettings().forEach(unknown -> LoggerFactory.getLogger(DevCommand.class).warn(
                "Ignoring unknown setting {} (environment variable {})", unknown, ConfigSources.environmentName(unknown)));
        Signals signals = new Signals();
        PrintStream out = System.out;
        out.println("Starting the embedded Kafka broker on " + bootstrap + " (data in " + dataDir.resolve("kafka") + ")…");
        try (AutoCloseable broker = DevBroker.start(kafkaPort, dataDir.resolve("kafka").toAbsolutePath())) {
            try (Worker worker = Worker.start(config, Clock.systemUTC())) {
                printBanner(out, bootstrap, config, worker.metricsPort());
                signals.awaitStop(worker::isRunning);
                out.println("Stopping…");
                worker.close();
                return worker.awaitExit();
            }
        }
    }

    /**
     * dev's defaults, then the file and the environment as for run, then dev's options that were given.
     *
     * @throws org.apache.kafka.common.config.ConfigException when a setting is wrong or the issuer lacks what it needs
     */
    WorkerConfig configuration(String bootstrap) throws IOException {
        Map<String, String> settings = new HashMap<>(defaults());
        settings.putAll(ConfigSources.merge(ConfigOptions.readableFile(configFile), System.getenv(),
                explicit(bootstrap)));
        // Checked in full, without side effects, before dev writes anything of its own into the data folder.
        new WorkerConfig(settings);
        if (token != null) {
            settings.putAll(token.settings(System.out, settings.getOrDefault(WorkerConfig.CA_PKCS11_ROOT_LABEL,
                    "cert-worker-root")));
        }
        if (IssuerKind.INTERNAL_CA.configName().equals(settings.getOrDefault(WorkerConfig.ISSUER,
                IssuerKind.INTERNAL_CA.configName()))
                && isBlank(settings.get(WorkerConfig.KEY_ENCRYPTION_KEY))
                && isBlank(settings.get(WorkerConfig.KEY_ENCRYPTION_KEY_FILE))) {
            settings.put(WorkerConfig.KEY_ENCRYPTION_KEY_FILE, developmentKeyEncryptionKey().toString());
        }
        return WorkerConfig.forWorker(settings);
    }

    /** What dev changes from run's defaults; any of it given by the file or the environment wins. */
    private Map<String, String> defaults() {
        Map<String, String> defaults = new HashMap<>();
        defaults.put(WorkerConfig.TOPICS_CREATE, "true");
        defaults.put(WorkerConfig.CA_DIR, dataDir.resolve("ca").toString());
        defaults.put(WorkerConfig.CA_ROOT_GENERATE, "true");
        defaults.put(WorkerConfig.METRICS_HOST, "127.0.0.1");
        defaults.put(WorkerConfig.INSTANCE_ID, instanceId(dataDir));
        return defaults;
    }

    /** dev's options that were given: they win over everything else. */
    private Map<String, String> explicit(String bootstrap) {
        Map<String, String> explicit = new HashMap<>();
        explicit.put(WorkerConfig.BOOTSTRAP_SERVERS, bootstrap);
        if (metricsPort != null) {
            explicit.put(WorkerConfig.METRICS_PORT, Integer.toString(metricsPort));
        }
        if (keyAlgorithm != null) {
            explicit.put(WorkerConfig.KEY_ALGORITHM, keyAlgorithm);
        }
        if (issuer != null) {
            explicit.put(WorkerConfig.ISSUER, issuer);
        }
        if (atlasBaseUrl != null) {
            explicit.put(WorkerConfig.ATLAS_BASE_URL, atlasBaseUrl);
        }
        return explicit;
    }

    /**
     * The same for every start on this data folder, so that a dev restarted after kill -9 fences its predecessor's
     * transactions at once instead of waiting for them to time out.
     */
    static String instanceId(Path dataDir) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    dataDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return "dev-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A key-encryption key made once for this data folder, readable by its owner only. */
    private Path developmentKeyEncryptionKey() throws IOException {
        Path file = dataDir.resolve("key-encryption-key");
        if (!Files.exists(file)) {
            Files.createDirectories(dataDir);
            OutputFiles.writePrivate(file, KeyEncryptionKey.generateBase64() + "\n");
        }
        return file;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private void printBanner(PrintStream target, String bootstrap, WorkerConfig config, int metricsPort) {
        // Written at once: whoever waits for "ready" (a script, a test) then reads the whole banner.
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        TopicNames topics = config.topicNames();
        String jar = JarLocation.commandPrefix();
        String group = EXAMPLE_GROUP;
        out.println();
        out.println("cert-worker dev is ready.");
        out.println("  Kafka      " + bootstrap + "   (embedded KRaft broker)");
        out.println("  Topics     " + topics.requests() + " -> " + topics.issued() + " | " + topics.failed()
                + "   (not requests: " + topics.deadLetters() + ")   users: " + topics.users());
        if (config.issuer() == IssuerKind.ATLAS) {
            out.println("  Issuer     Atlas at " + config.atlasBaseUrl() + "   ("
                    + (config.atlasClientId().isPresent() ? "service account" : "API key") + ")");
        } else {
            out.println("  Root CA    " + rootCertificate(config) + "   (keys: "
                    + config.caSettings().subjectKeyAlgorithm() + ")");
        }
        if (metricsPort > 0) {
            String host = config.metricsHost().equals("0.0.0.0") ? "127.0.0.1" : config.metricsHost();
            out.println("  Metrics    http://" + host + ":" + metricsPort + "/metrics   (health: /health/live, "
                    + "/health/ready)");
        }
        out.println();
        out.println("Try it from another terminal:");
        out.println("  " + jar + " users put --groupId " + group + " --username alice --bootstrap-servers " + bootstrap);
        out.println("  " + jar + " request --groupId " + group + " --username alice --bootstrap-servers " + bootstrap
                + " > alice.pem");
        out.println("Or with kcat (-X partitioner=murmur2_random puts keys on the partitions Java clients use):");
        out.println("  kcat -b " + bootstrap + " -C -t " + topics.issued() + " -o end -u -X isolation.level=read_committed "
                + "-f '%s\\n'   # outcomes: start this first");
        out.println("  echo '" + group + "/alice|{\"requestId\":\"r-1\",\"groupId\":\"" + group
                + "\",\"username\":\"alice\",\"monthsUntilExpiration\":12}' | kcat -b " + bootstrap + " -t "
                + topics.requests() + " -K '|' -X partitioner=murmur2_random -P");
        out.println();
        out.println("Stop with Ctrl-C.");
        out.flush();
        target.print(text);
        target.flush();
    }

    private Path rootCertificate(WorkerConfig config) {
        RootCaSource source = config.rootCaSource();
        if (source instanceof RootCaSource.InToken) {
            return token.rootCertificate();
        }
        if (source instanceof RootCaSource.PemFiles files) {
            return files.certificateFile();
        }
        if (source instanceof RootCaSource.Pkcs12 keystore) {
            return keystore.file();
        }
        return ((RootCaSource.GeneratedIn) source).directory().resolve("ca.pem");
    }
}
