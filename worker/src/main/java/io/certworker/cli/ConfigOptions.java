package io.certworker.cli;

import io.certworker.config.ConfigSources;
import io.certworker.config.WorkerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The options every command shares: a properties file and the Kafka brokers. */
final class ConfigOptions {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigOptions.class);

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with settings (see `cert-worker config`); environment variables "
                    + "CERT_WORKER_* override it. Default: $CERT_WORKER_CONFIG_FILE, if set.")
    Path file;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers. Default: bootstrap.servers from the configuration, else localhost:9092.")
    String bootstrapServers;

    /** The configuration from the file, the environment and {@code overrides}, in that order of precedence. */
    WorkerConfig load(Map<String, String> overrides) {
        return warnAboutUnknown(new WorkerConfig(settings(overrides)));
    }

    /** As {@link #load}, with everything a worker needs checked and read as well. */
    WorkerConfig loadForWorker(Map<String, String> overrides) {
        return warnAboutUnknown(WorkerConfig.forWorker(settings(overrides)));
    }

    private Map<String, String> settings(Map<String, String> overrides) {
        Map<String, String> explicit = new HashMap<>(overrides);
        if (bootstrapServers != null) {
            explicit.put(WorkerConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        return ConfigSources.merge(file, System.getenv(), explicit);
    }

    private static WorkerConfig warnAboutUnknown(WorkerConfig config) {
        for (String unknown : config.unknownSettings()) {
            LOG.warn("Ignoring unknown setting {} (environment variable {})", unknown,
                    ConfigSources.environmentName(unknown));
        }
        return config;
    }
}
