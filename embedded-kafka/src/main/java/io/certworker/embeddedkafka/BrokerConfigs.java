package io.certworker.embeddedkafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The broker configuration of one combined broker+controller node: defaults suited to tests and local
 * development on a small machine, then the caller's extra properties on top.
 */
final class BrokerConfigs {

    static final String HOST = "127.0.0.1";
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private BrokerConfigs() {
    }

    /**
     * @param nodeId          this node's id (0..n-1)
     * @param logDir          the node's data and metadata directory
     * @param brokerPorts     the client (PLAINTEXT) port of every node, by node id
     * @param controllerPorts the CONTROLLER port of every node, by node id
     * @param extra           caller-supplied properties, applied last
     */
    static Map<String, Object> forNode(int nodeId, Path logDir, List<Integer> brokerPorts,
                                       List<Integer> controllerPorts, Map<String, String> extra) {
        int n = brokerPorts.size();
        Map<String, Object> p = new LinkedHashMap<>();

        // Roles, identity and storage.
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());

        // Listeners: loopback only. A static voter set (kraft.version 0), so ports may change between
        // restarts of the same data directory.
        p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPorts.get(nodeId)
                + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPorts.get(nodeId));
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPorts.get(nodeId));
        p.put("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("controller.quorum.voters", java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> i + "@" + HOST + ":" + controllerPorts.get(i))
                .collect(Collectors.joining(",")));

        // Internal topics: replicated as far as the cluster allows, few partitions so that the first
        // consumer group and the first transaction are quick.
        String rf = Integer.toString(Math.min(3, n));
        String minIsr = Integer.toString(Math.min(2, n));
        p.put("offsets.topic.replication.factor", rf);
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("share.coordinator.state.topic.num.partitions", "5");
        p.put("group.initial.rebalance.delay.ms", "0");

        // Topics: auto-creation stays on (Kafka's default); the worker creates its own topics.
        p.put("num.partitions", "3");
        p.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        // Compacted topics are used: keep the cleaner, with a small dedupe buffer (default 128 MiB).
        p.put("log.cleaner.enable", "true");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));

        // Fewer threads than Kafka's production defaults: this runs on 2 cores, often 3 nodes in one JVM.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("group.coordinator.threads", "1");
        p.put("share.coordinator.threads", "1");

        // After an unclean stop (kill -9 of a standalone broker) the restarted node is refused
        // (DUPLICATE_BROKER_REGISTRATION) until its old session expires: 4 s instead of Kafka's 9 s.
        p.put("broker.heartbeat.interval.ms", "1000");
        p.put("broker.session.timeout.ms", "4000");

        p.putAll(extra);
        return p;
    }

    /**
     * The security settings a client needs to reach the client listener of a node with this
     * configuration: none for plaintext; otherwise the listener's protocol and the broker's own
     * {@code ssl.*} client-side settings, as the broker itself uses them for inter-broker traffic.
     */
    static Map<String, Object> clientSecurity(Map<String, Object> brokerConfig) {
        String protocol = "PLAINTEXT";
        for (String entry : String.valueOf(brokerConfig.get("listener.security.protocol.map")).split(",")) {
            String[] nameAndProtocol = entry.trim().split(":");
            if (nameAndProtocol.length == 2 && nameAndProtocol[0].equals(BROKER_LISTENER)) {
                protocol = nameAndProtocol[1];
            }
        }
        Map<String, Object> client = new LinkedHashMap<>();
        if (!protocol.equals("PLAINTEXT")) {
            client.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
            brokerConfig.forEach((key, value) -> {
                if (key.startsWith("ssl.") && AdminClientConfig.configNames().contains(key)) {
                    client.put(key, value);
                }
            });
        }
        return client;
    }
}
