package io.certworker.embeddedkafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** One combined broker+controller node: its directory, formatting, and Kafka's own server class. */
final class KafkaNode {

    private static final String META_PROPERTIES = "meta.properties";

    private final int nodeId;
    private final Path logDir;
    private volatile KafkaRaftServer server;

    KafkaNode(int nodeId, Path logDir) {
        this.nodeId = nodeId;
        this.logDir = logDir;
    }

    int nodeId() {
        return nodeId;
    }

    Path logDir() {
        return logDir;
    }

    /** The cluster id recorded in this node's {@code meta.properties}, if the directory is formatted. */
    Optional<String> formattedClusterId() {
        Path meta = logDir.resolve(META_PROPERTIES);
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + meta, e);
        }
        return Optional.ofNullable(props.getProperty("cluster.id"));
    }

    /** Formats the directory like {@code kafka-storage format} with a static voter set, unless already formatted. */
    void formatIfNeeded(String clusterId) throws Exception {
        if (formattedClusterId().isPresent()) {
            return;
        }
        Files.createDirectories(logDir);
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(nodeId)
                .setClusterId(clusterId)
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(BrokerConfigs.CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
    }

    /** Starts the node; blocks until its broker is registered and unfenced (Kafka's own startup contract). */
    void start(Map<String, Object> config) {
        KafkaRaftServer s = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        server = s;
        s.startup();
    }

    /** Shuts the node down and waits; a node that never started is a no-op. */
    void stop() {
        KafkaRaftServer s = server;
        if (s != null) {
            server = null;
            s.shutdown();
            s.awaitShutdown();
        }
    }
}
