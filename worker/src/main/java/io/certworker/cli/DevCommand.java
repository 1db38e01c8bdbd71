package io.certworker.cli;

import io.certworker.config.ConfigSources;
import io.certworker.config.IssuerKind;
import io.certworker.config.WorkerConfig;
import io.certworker.dev.DevBroker;
import io.certworker.topics.TopicNames;
import io.certworker.runtime.Worker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cert-worker dev}: an embedded Kafka broker, a dev CA and the worker, with nothing to install. */
@Command(name = "dev",
        mixinStandardHelpOptions = true,
        description = {"Run everything locally: an embedded single-node Kafka (KRaft) broker on 127.0.0.1, the "
                + "topics, a development root CA generated once under --data-dir, and the worker.",
                "Data (Kafka logs, CA keys) stays in --data-dir between runs. Stop with Ctrl-C."},
        footer = {"", "Example:",
                "  java -jar worker/target/cert-worker.jar dev --kafka-port 9092 --key-algorithm EC-P256",
                "  CERT_WORKER_ATLAS_CLIENT_ID=mdb_sa_id_... CERT_WORKER_ATLAS_CLIENT_SECRET_FILE=./secret \\",
                "      java -jar worker/target/cert-worker.jar dev --issuer atlas"})
final class DevCommand implements Callable<Integer> {
    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT",
            description = "Port of the embedded broker on 127.0.0.1. Default: ${DEFAULT-VALUE}.")
    int kafkaPort;

    @Option(names = "--data-dir", defaultValue = ".cert-worker", paramLabel = "DIR",
            description = "Folder for the broker's data and the dev CA. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--key-algorithm", paramLabel = "ALGORITHM",
            description = "Key type of issued certificates (RSA-2048, RSA-3072, RSA-4096, EC-P256, EC-P384). "
                    + "Default: RSA-4096, like Atlas; EC-P256 is much faster.")
    String keyAlgorithm;

    @Option(names = "--metrics-port", defaultValue = "9404", paramLabel = "PORT",
            description = "Port of /metrics and /health on 127.0.0.1 (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @Option(names = "--issuer", paramLabel = "ISSUER",
            description = "internal-ca (default: the dev CA) or atlas (Atlas's Admin API at --atlas-base-url, with the "
                    + "credentials from CERT_WORKER_ATLAS_CLIENT_ID/_SECRET or CERT_WORKER_ATLAS_PUBLIC_KEY/"
                    + "_PRIVATE_KEY, or their *_FILE variants).")
    String issuer;

    @Option(names = "--atlas-base-url", paramLabel = "URL",
            description = "Atlas or an Atlas-compatible server, for --issuer atlas. Default: https://cloud.mongodb.com.")
    String atlasBaseUrl;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with further settings.")
    Path configFile;

    @Option(names = "--ca-key-store", paramLabel = "STORE",
            description = "software (default) or pkcs11: the CA keys in a SoftHSM2 token that dev initialises under "
                    + "--data-dir/softhsm (needs softhsm2; see docs/hsm.md).")
    String caKeyStore;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        DevToken token = WorkerConfig.CA_KEY_STORE_PKCS11.equals(caKeyStore) ? new DevToken(dataDir) : null;
        java.util.Optional<Integer> relaunched = token == null ? java.util.Optional.empty()
                : token.relaunchUnlessConfigured(out);
        if (relaunched.isPresent()) {
            return relaunched.get();
        }
        Signals signals = new Signals();
        String bootstrap = "127.0.0.1:" + kafkaPort;
        out.println("Starting the embedded Kafka broker on " + bootstrap + " (data in " + dataDir.resolve("kafka") + ")…");
        try (AutoCloseable broker = DevBroker.start(kafkaPort, dataDir.resolve("kafka").toAbsolutePath())) {
            Map<String, String> settings = ConfigSources.merge(configFile, System.getenv(), overrides(bootstrap));
            if (isBlank(settings.get(WorkerConfig.KEY_ENCRYPTION_KEY))
                    && isBlank(settings.get(WorkerConfig.KEY_ENCRYPTION_KEY_FILE))) {
                settings.put(WorkerConfig.KEY_ENCRYPTION_KEY_FILE, developmentKeyEncryptionKey().toString());
            }
            if (token != null) {
                settings.putAll(token.settings(out, settings.getOrDefault(WorkerConfig.CA_PKCS11_ROOT_LABEL,
                        "cert-worker-root")));
            }
            WorkerConfig config = WorkerConfig.forWorker(settings);
            io.certworker.runtime.LogFormat.use(config.logFormat());
            try (Worker worker = Worker.start(config, Clock.systemUTC())) {
                printBanner(out, bootstrap, config, worker.metricsPort());
                signals.awaitStop(worker::isRunning);
                out.println("Stopping…");
                worker.close();
                return worker.awaitExit();
            }
        }
    }

    private Map<String, String> overrides(String bootstrap) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put(WorkerConfig.BOOTSTRAP_SERVERS, bootstrap);
        overrides.put(WorkerConfig.TOPICS_CREATE, "true");
        overrides.put(WorkerConfig.CA_DIR, dataDir.resolve("ca").toString());
        overrides.put(WorkerConfig.CA_ROOT_GENERATE, "true");
        overrides.put(WorkerConfig.METRICS_PORT, Integer.toString(metricsPort));
        overrides.put(WorkerConfig.METRICS_HOST, "127.0.0.1");
        if (keyAlgorithm != null) {
            overrides.put(WorkerConfig.KEY_ALGORITHM, keyAlgorithm);
        }
        if (issuer != null) {
            overrides.put(WorkerConfig.ISSUER, issuer);
        }
        if (atlasBaseUrl != null) {
            overrides.put(WorkerConfig.ATLAS_BASE_URL, atlasBaseUrl);
        }
        return overrides;
    }

    /** A key-encryption key made once for this data folder, readable by its owner only. */
    private Path developmentKeyEncryptionKey() throws java.io.IOException {
        Path file = dataDir.resolve("key-encryption-key");
        if (!java.nio.file.Files.exists(file)) {
            java.nio.file.Files.createDirectories(dataDir);
            OutputFiles.writePrivate(file, io.certworker.secrets.KeyEncryptionKey.generateBase64() + "\n");
        }
        return file;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private void printBanner(PrintStream out, String bootstrap, WorkerConfig config, int metricsPort) {
        TopicNames topics = config.topicNames();
        String jar = JarLocation.commandPrefix();
        String groupId = "5efda6aea3f2ed2e7dd6ce05";
        out.println();
        out.println("cert-worker dev is ready.");
        out.println("  Kafka      " + bootstrap + "   (embedded KRaft broker)");
        out.println("  Topics     " + topics.requests() + " -> " + topics.issued() + " | " + topics.failed()
                + "   (not requests: " + topics.deadLetters() + ")   users: " + topics.users());
        if (config.issuer() == IssuerKind.ATLAS) {
            out.println("  Issuer     Atlas at " + config.atlasBaseUrl() + "   ("
                    + (config.atlasClientId().isPresent() ? "service account" : "API key") + ")");
        } else {
            out.println("  Root CA    " + config.caDirectory().resolve("root").resolve("ca.pem")
                    + "   (keys: " + config.caSettings().subjectKeyAlgorithm() + ")");
        }
        if (metricsPort > 0) {
            out.println("  Metrics    http://127.0.0.1:" + metricsPort + "/metrics   (health: /health/live, /health/ready)");
        }
        out.println();
        out.println("Try it from another terminal:");
        out.println("  " + jar + " users put --groupId " + groupId + " --username alice --bootstrap-servers " + bootstrap);
        out.println("  " + jar + " request --groupId " + groupId + " --username alice --bootstrap-servers " + bootstrap
                + " > alice.pem");
        out.println("Or with kcat:");
        out.println("  echo '" + groupId + "/alice|{\"groupId\":\"" + groupId + "\",\"username\":\"alice\","
                + "\"monthsUntilExpiration\":12}' | kcat -b " + bootstrap + " -t " + topics.requests() + " -K '|' -P");
        out.println("  kcat -b " + bootstrap + " -t " + topics.issued() + " -C -o end -u -f '%s\\n'");
        out.println();
        out.println("Stop with Ctrl-C.");
        out.flush();
    }
}
