package io.certworker.testing.processes;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code CERT_WORKER_*} environment of worker processes that share one broker, one consumer group, one set of
 * topics (all named with a prefix of their own, so tests never meet) and one root CA and key-encryption key. Each
 * logical instance adds its instance id, its CA directory and its signature log.
 */
public final class WorkerEnvironment {
    /** A fixed test key-encryption key (base64 of 32 bytes), the same for every instance. */
    public static final String KEY_ENCRYPTION_KEY = "cmVsaWFiaWxpdHktdGVzdHMta2V5LWVuY3J5cHRpb24=";

    private final String prefix;
    private final Map<String, String> common = new LinkedHashMap<>();

    private WorkerEnvironment(String bootstrapServers, String prefix, TestRootCa root) {
        this.prefix = prefix;
        common.put("CERT_WORKER_BOOTSTRAP_SERVERS", bootstrapServers);
        common.put("CERT_WORKER_GROUP_ID", prefix + "cert-worker");
        common.put("CERT_WORKER_TOPIC_REQUESTS", requestsTopic());
        common.put("CERT_WORKER_TOPIC_ISSUED", issuedTopic());
        common.put("CERT_WORKER_TOPIC_FAILED", failedTopic());
        common.put("CERT_WORKER_TOPIC_DLQ", prefix + "cert-requests-dlq");
        common.put("CERT_WORKER_TOPIC_USERS", usersTopic());
        common.put("CERT_WORKER_TOPIC_LEDGER", prefix + "cert-ledger");
        common.put("CERT_WORKER_TOPIC_REQUESTS_STATE", requestsStateTopic());
        common.put("CERT_WORKER_TOPIC_CA_STORE", prefix + "cert-ca-store");
        common.put("CERT_WORKER_TOPIC_USER_SECURITY", prefix + "user-security");
        common.put("CERT_WORKER_TOPIC_REVOCATIONS", prefix + "cert-revocations");
        common.put("CERT_WORKER_TOPIC_REVOKED", prefix + "cert-revoked");
        common.put("CERT_WORKER_TOPIC_EXPIRING", prefix + "cert-expiring");
        common.put("CERT_WORKER_TOPIC_LIFECYCLE_STATE", prefix + "cert-lifecycle-state");
        common.put("CERT_WORKER_TOPICS_CREATE", "true");
        common.put("CERT_WORKER_TOPICS_PARTITIONS", "6");
        common.put("CERT_WORKER_KEY_ALGORITHM", "EC-P256");
        common.put("CERT_WORKER_CA_KEY_ALGORITHM", "EC-P256");
        common.put("CERT_WORKER_METRICS_PORT", "0"); // several workers on one machine: free ports
        common.put("CERT_WORKER_CA_ROOT_CERTIFICATE_FILE", root.certificateFile().toString());
        common.put("CERT_WORKER_CA_ROOT_PRIVATE_KEY_FILE", root.privateKeyFile().toString());
        common.put("CERT_WORKER_KEY_ENCRYPTION_KEY", KEY_ENCRYPTION_KEY);
        common.put("CERT_WORKER_SHUTDOWN_TIMEOUT_MS", "5000");
    }

    /** Workers on {@code bootstrapServers}, topics and group named {@code prefix...}, signing under {@code root}. */
    public static WorkerEnvironment of(String bootstrapServers, String prefix, TestRootCa root) {
        return new WorkerEnvironment(bootstrapServers, prefix, root);
    }

    /** Any other setting, by environment variable name (e.g. {@code CERT_WORKER_CA_STORE}). */
    public WorkerEnvironment with(String variable, String value) {
        common.put(variable, value);
        return this;
    }

    /** Leaves a setting out, by environment variable name (e.g. the root files, for a root in a PKCS#11 token). */
    public WorkerEnvironment without(String variable) {
        common.remove(variable);
        return this;
    }

    /** A Kafka client property for every client of every instance: {@code CERT_WORKER_KAFKA_<PROPERTY>}. */
    public WorkerEnvironment kafka(String property, Object value) {
        common.put("CERT_WORKER_KAFKA_" + property.toUpperCase(java.util.Locale.ROOT).replace('.', '_'),
                String.valueOf(value));
        return this;
    }

    /** The environment of one logical instance: a stable instance id, a CA directory and its signature log. */
    public Map<String, String> instance(String instanceId, Path caDirectory) {
        Map<String, String> environment = new HashMap<>(common);
        environment.put("CERT_WORKER_INSTANCE_ID", instanceId);
        environment.put("CERT_WORKER_CA_DIR", caDirectory.toString());
        environment.put("CERT_WORKER_CA_SIGNATURE_LOG", signatureLog(caDirectory).toString());
        return environment;
    }

    /** Where an instance with this CA directory logs its signatures. */
    public static Path signatureLog(Path caDirectory) {
        return caDirectory.resolve("signatures.log");
    }

    public String bootstrapServers() {
        return common.get("CERT_WORKER_BOOTSTRAP_SERVERS");
    }

    public String groupId() {
        return common.get("CERT_WORKER_GROUP_ID");
    }

    public String requestsTopic() {
        return prefix + "cert-requests";
    }

    public String issuedTopic() {
        return prefix + "cert-issued";
    }

    public String failedTopic() {
        return prefix + "cert-failed";
    }

    public String usersTopic() {
        return prefix + "db-users";
    }

    public String requestsStateTopic() {
        return prefix + "cert-requests-state";
    }

    public String caStoreTopic() {
        return prefix + "cert-ca-store";
    }
}
