package io.certworker.cli;

import io.certworker.config.ConfigSources;
import io.certworker.config.WorkerConfig;
import io.certworker.runtime.Logging;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The options every command shares: a properties file, the Kafka brokers, how much to log. */
final class ConfigOptions {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigOptions.class);

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with settings (see `cert-worker config`); environment variables "
                    + "CERT_WORKER_* override it. Default: $CERT_WORKER_CONFIG_FILE, if set.")
    Path file;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers. Default: bootstrap.servers from the configuration, else localhost:9092.")
    String bootstrapServers;

    @Option(names = "--verbose", description = "Log at DEBUG, Kafka clients' warnings included (as log.level=DEBUG).")
    boolean verbose;

    /**
     * The configuration of a command that prints a result: from the file, the environment and {@code overrides}, in
     * that order of precedence; logging as {@link Logging#command} says.
     */
    WorkerConfig load(Map<String, String> overrides) {
        WorkerConfig config = read(overrides);
        Logging.command(config, verbose);
        warnUnknown(config);
        return config;
    }

    /**
     * The configuration of a worker ({@code run}), with everything a worker needs checked and read as well; logging as
     * {@link Logging#worker} says.
     */
    WorkerConfig loadForWorker() {
        WorkerConfig config = WorkerConfig.forWorker(settings(Map.of()));
        Logging.worker(config, verbose);
        warnUnknown(config);
        return config;
    }

    private WorkerConfig read(Map<String, String> overrides) {
        return new WorkerConfig(settings(overrides));
    }

    private Map<String, String> settings(Map<String, String> overrides) {
        Map<String, String> explicit = new HashMap<>(overrides);
        if (bootstrapServers != null) {
            explicit.put(WorkerConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        return ConfigSources.merge(readableFile(file), System.getenv(), explicit);
    }

    /**
     * {@code file}, or the file {@code CERT_WORKER_CONFIG_FILE} names, checked to be readable; null when neither is
     * set.
     *
     * @throws ConfigException when the file is missing or unreadable
     */
    static Path readableFile(Path file) {
        String fromEnvironment = System.getenv(ConfigSources.CONFIG_FILE_ENV);
        Path chosen = file != null ? file : fromEnvironment == null ? null : Path.of(fromEnvironment);
        if (chosen == null) {
            return null;
        }
        String origin = file != null ? "--config " + file : ConfigSources.CONFIG_FILE_ENV + "=" + fromEnvironment;
        if (!Files.exists(chosen)) {
            throw new ConfigException(origin + ": no such file");
        }
        if (Files.isDirectory(chosen)) {
            throw new ConfigException(origin + ": is a directory");
        }
        if (!Files.isReadable(chosen)) {
            throw new ConfigException(origin + ": not readable");
        }
        return chosen;
    }

    private static void warnUnknown(WorkerConfig config) {
        for (String unknown : config.unknownSettings()) {
            LOG.warn("Ignoring unknown setting {} (environment variable {})", unknown,
                    ConfigSources.environmentName(unknown));
        }
    }
}
