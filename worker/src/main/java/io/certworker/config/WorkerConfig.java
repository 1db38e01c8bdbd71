package io.certworker.config;

import io.certworker.contracts.Topics;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.ca.CaSettings;
import io.certworker.issuance.ca.RootCaSource;
import io.certworker.lifecycle.LifecycleSettings;
import io.certworker.pipeline.TopicNames;
import io.certworker.pipeline.WorkerLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Every setting of the worker, defined once: name, type, default, validator, documentation. Built with Kafka's
 * {@link ConfigDef}, so a bad value is refused with a message naming the setting before anything starts, and the
 * README's configuration table is generated from here ({@link #markdownTable()}).
 */
public final class WorkerConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String GROUP_ID = "group.id";
    public static final String INSTANCE_ID = "instance.id";
    public static final String TOPIC_REQUESTS = "topic.requests";
    public static final String TOPIC_ISSUED = "topic.issued";
    public static final String TOPIC_FAILED = "topic.failed";
    public static final String TOPIC_DLQ = "topic.dlq";
    public static final String TOPIC_USERS = "topic.users";
    public static final String TOPIC_LEDGER = "topic.ledger";
    public static final String TOPIC_REQUESTS_STATE = "topic.requests.state";
    public static final String TOPIC_CA_STORE = "topic.ca.store";
    public static final String TOPIC_USER_SECURITY = "topic.user.security";
    public static final String MAX_CERTIFICATES_PER_USER = "max.certificates.per.user";
    public static final String KEY_POOL_SIZE = "key.pool.size";
    public static final String LEDGER_SWEEP_INTERVAL_MS = "ledger.sweep.interval.ms";
    public static final String REQUEST_STATE_RETENTION_MS = "request.state.retention.ms";
    public static final String TOPICS_CREATE = "topics.create";
    public static final String TOPICS_PARTITIONS = "topics.partitions";
    public static final String TOPICS_REPLICATION_FACTOR = "topics.replication.factor";
    public static final String ISSUER = "issuer";
    public static final String KEY_ALGORITHM = "key.algorithm";
    public static final String CA_KEY_ALGORITHM = "ca.key.algorithm";
    public static final String CA_ORGANIZATIONAL_UNIT = "ca.organizational.unit";
    public static final String CA_ORGANIZATION = "ca.organization";
    public static final String CA_DIR = "ca.dir";
    public static final String CA_STORE = "ca.store";
    public static final String CA_SIGNATURE_LOG = "ca.signature.log";
    public static final String KEY_ENCRYPTION_KEY = "key.encryption.key";
    public static final String KEY_ENCRYPTION_KEY_FILE = "key.encryption.key.file";
    public static final String CA_GROUP_VALIDITY_DAYS = "ca.group.validity.days";
    public static final String CA_ROOT_CERTIFICATE_FILE = "ca.root.certificate.file";
    public static final String CA_ROOT_PRIVATE_KEY_FILE = "ca.root.private.key.file";
    public static final String CA_ROOT_PKCS12_FILE = "ca.root.pkcs12.file";
    public static final String CA_ROOT_PKCS12_PASSWORD = "ca.root.pkcs12.password";
    public static final String CA_ROOT_PKCS12_PASSWORD_FILE = "ca.root.pkcs12.password.file";
    public static final String CA_ROOT_GENERATE = "ca.root.generate";
    public static final String CA_ROOT_VALIDITY_DAYS = "ca.root.validity.days";
    public static final String ATLAS_BASE_URL = "atlas.base.url";
    public static final String ATLAS_API_VERSION = "atlas.api.version";
    public static final String ATLAS_CLIENT_ID = "atlas.client.id";
    public static final String ATLAS_CLIENT_SECRET = "atlas.client.secret";
    public static final String ATLAS_CLIENT_SECRET_FILE = "atlas.client.secret.file";
    public static final String ATLAS_PUBLIC_KEY = "atlas.public.key";
    public static final String ATLAS_PRIVATE_KEY = "atlas.private.key";
    public static final String ATLAS_PRIVATE_KEY_FILE = "atlas.private.key.file";
    public static final String ATLAS_CONNECT_TIMEOUT_MS = "atlas.connect.timeout.ms";
    public static final String ATLAS_REQUEST_TIMEOUT_MS = "atlas.request.timeout.ms";
    public static final String ATLAS_RETRY_MAX_ATTEMPTS = "atlas.retry.max.attempts";
    public static final String ATLAS_RETRY_INITIAL_BACKOFF_MS = "atlas.retry.initial.backoff.ms";
    public static final String ATLAS_RETRY_MAX_BACKOFF_MS = "atlas.retry.max.backoff.ms";
    public static final String ATLAS_RETRY_BUDGET_MS = "atlas.retry.budget.ms";
    public static final String ATLAS_RATE_LIMIT_CAPACITY = "atlas.rate.limit.capacity";
    public static final String ATLAS_RATE_LIMIT_REFILL_PER_MINUTE = "atlas.rate.limit.refill.per.minute";
    public static final String ATLAS_MAX_CONNECTIONS = "atlas.max.connections";
    public static final String CRYPTO_THREADS = "crypto.threads";
    public static final String METRICS_PORT = "metrics.port";
    public static final String METRICS_HOST = "metrics.host";
    public static final String LOG_FORMAT = "log.format";
    public static final String MAX_IN_FLIGHT = "max.in.flight";
    public static final String DIRECTORY_STARTUP_TIMEOUT_MS = "directory.startup.timeout.ms";
    public static final String DIRECTORY_SYNC_TIMEOUT_MS = "directory.sync.timeout.ms";
    public static final String SHUTDOWN_TIMEOUT_MS = "shutdown.timeout.ms";

    /** The issuer names {@link #ISSUER} accepts. */
    public static final String ISSUER_INTERNAL_CA = "internal-ca";
    public static final String ISSUER_ATLAS = "atlas";
    /** The CA store choices of {@link #CA_STORE}. */
    public static final String CA_STORE_FILE = "file";
    public static final String CA_STORE_KAFKA = "kafka";

    private static final String KAFKA = "Kafka";
    private static final String TOPICS = "Topics";
    private static final String ISSUING = "Issuing";
    private static final String INTERNAL_CA = "Internal CA";
    private static final String ATLAS = "Atlas issuer";
    private static final String PROCESSING = "Processing";
    private static final String OPERATIONS = "Operations";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, "localhost:9092", Importance.HIGH,
                    "Kafka brokers to connect to, host:port[,host:port...].", KAFKA, 1, ConfigDef.Width.LONG, "Brokers")
            .define(GROUP_ID, Type.STRING, "cert-worker", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Consumer group of the worker instances that share the requests.", KAFKA, 2, ConfigDef.Width.MEDIUM,
                    "Group")
            .define(INSTANCE_ID, Type.STRING, "", Importance.MEDIUM,
                    "Stable name of this instance (a pod name, say). The transactional id is group.id, a dash and this, "
                            + "so a restarted instance fences its previous self at once; empty picks a random one.",
                    KAFKA, 3, ConfigDef.Width.MEDIUM, "Instance")
            .define(TOPIC_REQUESTS, Type.STRING, Topics.REQUESTS, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of certificate requests.", TOPICS, 1, ConfigDef.Width.MEDIUM, "Requests")
            .define(TOPIC_ISSUED, Type.STRING, Topics.ISSUED, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of issued-certificate events.", TOPICS, 2, ConfigDef.Width.MEDIUM, "Issued")
            .define(TOPIC_FAILED, Type.STRING, Topics.FAILED, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of error events (Atlas ApiError envelopes).", TOPICS, 3, ConfigDef.Width.MEDIUM, "Failed")
            .define(TOPIC_DLQ, Type.STRING, Topics.DEAD_LETTERS, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Dead-letter topic for records that are not requests at all.", TOPICS, 4, ConfigDef.Width.MEDIUM,
                    "Dead letters")
            .define(TOPIC_USERS, Type.STRING, Topics.USERS, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Compacted topic of database users, read from the beginning at start-up.", TOPICS, 5,
                    ConfigDef.Width.MEDIUM, "Users")
            .define(TOPIC_LEDGER, Type.STRING, Topics.LEDGER, new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Compacted topic of issued-certificate metadata (reserved).", TOPICS, 6, ConfigDef.Width.MEDIUM,
                    "Ledger")
            .define(TOPIC_REQUESTS_STATE, Type.STRING, Topics.REQUESTS_STATE, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "The worker's own compacted topic of request states (answered, being minted), "
                            + "with as many partitions as the requests topic.", TOPICS, 7, ConfigDef.Width.MEDIUM,
                    "Request states")
            .define(TOPIC_CA_STORE, Type.STRING, Topics.CA_STORE, new ConfigDef.NonEmptyString(), Importance.LOW,
                    "The worker's own one-partition topic of per-project CAs, for ca.store=kafka.", TOPICS, 8,
                    ConfigDef.Width.MEDIUM, "CA store topic")
            .define(TOPIC_USER_SECURITY, Type.STRING, Topics.USER_SECURITY, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Compacted topic of per-project user-security settings (customer-managed "
                            + "X.509), key groupId.", TOPICS, 8, ConfigDef.Width.MEDIUM, "User security")
            .define(REQUEST_STATE_RETENTION_MS, Type.LONG, 7L * 24 * 3600 * 1000, Range.atLeast(60_000), Importance.MEDIUM,
                    "How long a requestId is remembered: sent again within this time, it is not minted again. Also "
                            + "the retention of the request-state topic the worker creates.", TOPICS, 9,
                    ConfigDef.Width.SHORT, "Request memory")
            .define(TOPICS_CREATE, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Create missing topics at start-up (users and ledger compacted). When false, missing topics stop "
                            + "the worker with a message naming them.", TOPICS, 7, ConfigDef.Width.SHORT, "Create")
            .define(TOPICS_PARTITIONS, Type.INT, 3, Range.atLeast(1), Importance.LOW,
                    "Partitions of topics the worker creates.", TOPICS, 8, ConfigDef.Width.SHORT, "Partitions")
            .define(TOPICS_REPLICATION_FACTOR, Type.SHORT, (short) -1, Importance.LOW,
                    "Replication factor of topics the worker creates; -1 uses the broker's default.", TOPICS, 9,
                    ConfigDef.Width.SHORT, "Replication")
            .define(ISSUER, Type.STRING, ISSUER_INTERNAL_CA, ValidString.in(ISSUER_INTERNAL_CA, ISSUER_ATLAS),
                    Importance.HIGH, "What issues certificates: internal-ca (the worker's own CA) or atlas (Atlas's "
                            + "Admin API, which needs atlas.client.id and a secret, or an API key pair).", ISSUING, 1,
                    ConfigDef.Width.SHORT, "Issuer")
            .define(MAX_CERTIFICATES_PER_USER, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
                    "Most unexpired certificates a user may have; one more is refused with 400 "
                            + "ATLAS_GENERATED_CERTS_LIMIT_EXCEEDED. 0 means no cap (Atlas does not document its own).",
                    ISSUING, 3, ConfigDef.Width.SHORT, "Per-user cap")
            .define(KEY_POOL_SIZE, Type.INT, 0, Range.between(0, 100_000), Importance.MEDIUM,
                    "Subject key pairs made ahead of time by a low-priority background thread (never stored, each "
                            + "used once), so a burst of up to this many requests does not wait for key generation. "
                            + "0 turns the pool off.", ISSUING, 5, ConfigDef.Width.SHORT, "Key pool")
            .define(LEDGER_SWEEP_INTERVAL_MS, Type.LONG, 3_600_000L, Range.atLeast(100), Importance.LOW,
                    "How often expired certificates are removed from the ledger (with tombstones).", ISSUING, 4,
                    ConfigDef.Width.SHORT, "Ledger sweep")
            .define(KEY_ALGORITHM, Type.STRING, KeyAlgorithm.RSA_4096.configName(), keyAlgorithm(), Importance.MEDIUM,
                    "Key type of issued certificates: " + KeyAlgorithm.names() + ". Atlas issues RSA-4096.", ISSUING, 2,
                    ConfigDef.Width.SHORT, "Key algorithm")
            .define(CA_KEY_ALGORITHM, Type.STRING, KeyAlgorithm.RSA_4096.configName(), keyAlgorithm(),
                    Importance.LOW, "Key type of the per-project CAs and of a generated root.", INTERNAL_CA, 1,
                    ConfigDef.Width.SHORT, "CA key algorithm")
            .define(CA_ORGANIZATIONAL_UNIT, Type.STRING, "cert-worker", new ConfigDef.NonEmptyString(),
                    Importance.LOW, "OU of the per-project CAs, whose names are CN=groupId, OU=this, O=ca.organization.",
                    INTERNAL_CA, 2, ConfigDef.Width.MEDIUM, "OU")
            .define(CA_ORGANIZATION, Type.STRING, "cert-worker", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "O of the per-project CAs and of a generated root.", INTERNAL_CA, 3, ConfigDef.Width.MEDIUM, "O")
            .define(CA_DIR, Type.STRING, ".cert-worker/ca", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Directory of the CA store: per-project CAs in groups/ (keys readable by the owner only), and a "
                            + "generated root in root/.", INTERNAL_CA, 4, ConfigDef.Width.LONG, "CA directory")
            .define(CA_STORE, Type.STRING, CA_STORE_FILE, ValidString.in(CA_STORE_FILE, CA_STORE_KAFKA),
                    Importance.HIGH, "Where per-project CAs are kept: file (in ca.dir, one instance) or kafka (in "
                            + "topic.ca.store, shared by every instance; keys wrapped with the key-encryption key).",
                    INTERNAL_CA, 5, ConfigDef.Width.SHORT, "CA store")
            .define(CA_SIGNATURE_LOG, Type.STRING, "", Importance.LOW,
                    "File the CA appends every signature to (serial, requestId, project, user; never a key); empty "
                            + "means signatures.log in ca.dir.", INTERNAL_CA, 6, ConfigDef.Width.LONG, "Signature log")
            .define(KEY_ENCRYPTION_KEY, Type.PASSWORD, "", Importance.HIGH,
                    "Base64 of 32 random bytes (AES-256) wrapping the private keys the worker keeps for a while: "
                            + "certificates being minted, CAs in Kafka. Required by the internal CA; dev makes one. "
                            + "Prefer the environment or the file.", INTERNAL_CA, 7, ConfigDef.Width.MEDIUM,
                    "Key-encryption key")
            .define(KEY_ENCRYPTION_KEY_FILE, Type.STRING, "", Importance.HIGH,
                    "File holding the key-encryption key (base64).", INTERNAL_CA, 8, ConfigDef.Width.LONG,
                    "Key-encryption key file")
            .define(CA_GROUP_VALIDITY_DAYS, Type.INT, 3650, Range.atLeast(762), Importance.LOW,
                    "Validity of a per-project CA, in days from its creation; at least 762, so that it outlives a "
                            + "24-month certificate issued on its first day.", INTERNAL_CA, 5, ConfigDef.Width.SHORT,
                    "CA validity")
            .define(CA_ROOT_CERTIFICATE_FILE, Type.STRING, "", Importance.HIGH,
                    "PEM file of the root CA certificate (may hold its chain, signing CA first).", INTERNAL_CA, 6,
                    ConfigDef.Width.LONG, "Root certificate")
            .define(CA_ROOT_PRIVATE_KEY_FILE, Type.STRING, "", Importance.HIGH,
                    "PEM file of the root CA's unencrypted private key (PKCS#8, PKCS#1 or SEC1).", INTERNAL_CA, 7,
                    ConfigDef.Width.LONG, "Root key")
            .define(CA_ROOT_PKCS12_FILE, Type.STRING, "", Importance.HIGH,
                    "PKCS#12 keystore holding the root CA (instead of the two PEM files).", INTERNAL_CA, 8,
                    ConfigDef.Width.LONG, "Root keystore")
            .define(CA_ROOT_PKCS12_PASSWORD, Type.PASSWORD, "", Importance.MEDIUM,
                    "Password of the PKCS#12 keystore. Prefer the environment or the password file.", INTERNAL_CA, 9,
                    ConfigDef.Width.MEDIUM, "Root keystore password")
            .define(CA_ROOT_PKCS12_PASSWORD_FILE, Type.STRING, "", Importance.MEDIUM,
                    "File holding the PKCS#12 password (trailing newline ignored).", INTERNAL_CA, 10,
                    ConfigDef.Width.LONG, "Root keystore password file")
            .define(CA_ROOT_GENERATE, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Without a configured root, generate one in root/ under ca.dir on first start and reuse it. "
                            + "For development; dev turns it on.", INTERNAL_CA, 11, ConfigDef.Width.SHORT, "Generate root")
            .define(CA_ROOT_VALIDITY_DAYS, Type.INT, 7300, Range.atLeast(762), Importance.LOW,
                    "Validity of a generated root, in days.", INTERNAL_CA, 12, ConfigDef.Width.SHORT, "Root validity")
            .define(ATLAS_BASE_URL, Type.STRING, "https://cloud.mongodb.com", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Atlas, or any server speaking its Admin API v2.", ATLAS, 1, ConfigDef.Width.LONG,
                    "Base URL")
            .define(ATLAS_API_VERSION, Type.STRING, "2023-01-01", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Version of the Admin API, sent as application/vnd.atlas.VERSION+json.", ATLAS, 2,
                    ConfigDef.Width.SHORT, "API version")
            .define(ATLAS_CLIENT_ID, Type.STRING, "", Importance.HIGH,
                    "Service account client id (OAuth2 client credentials; Atlas's recommended way).", ATLAS, 3,
                    ConfigDef.Width.MEDIUM, "Client id")
            .define(ATLAS_CLIENT_SECRET, Type.PASSWORD, "", Importance.HIGH,
                    "Service account client secret. Prefer the environment or the secret file.", ATLAS, 4,
                    ConfigDef.Width.MEDIUM, "Client secret")
            .define(ATLAS_CLIENT_SECRET_FILE, Type.STRING, "", Importance.HIGH,
                    "File holding the service account client secret (trailing newline ignored).", ATLAS, 5,
                    ConfigDef.Width.LONG, "Client secret file")
            .define(ATLAS_PUBLIC_KEY, Type.STRING, "", Importance.HIGH,
                    "Programmatic API key, public part (HTTP Digest user), instead of a service account.", ATLAS, 6,
                    ConfigDef.Width.MEDIUM, "Public key")
            .define(ATLAS_PRIVATE_KEY, Type.PASSWORD, "", Importance.HIGH,
                    "Programmatic API key, private part (HTTP Digest password). Prefer the environment or the file.",
                    ATLAS, 7, ConfigDef.Width.MEDIUM, "Private key")
            .define(ATLAS_PRIVATE_KEY_FILE, Type.STRING, "", Importance.HIGH,
                    "File holding the API key's private part (trailing newline ignored).", ATLAS, 8,
                    ConfigDef.Width.LONG, "Private key file")
            .define(ATLAS_CONNECT_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW,
                    "How long to wait for a connection to Atlas.", ATLAS, 9, ConfigDef.Width.SHORT, "Connect timeout")
            .define(ATLAS_REQUEST_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                    "How long to wait for Atlas to answer one call; then the call counts as a transient failure.",
                    ATLAS, 10, ConfigDef.Width.SHORT, "Request timeout")
            .define(ATLAS_RETRY_MAX_ATTEMPTS, Type.INT, 8, Range.atLeast(1), Importance.MEDIUM,
                    "Calls per request at most, the first included, for transient failures (429, 5xx, timeouts, "
                            + "resets); other errors are never retried.", ATLAS, 11, ConfigDef.Width.SHORT, "Attempts")
            .define(ATLAS_RETRY_INITIAL_BACKOFF_MS, Type.LONG, 500L, Range.atLeast(0), Importance.LOW,
                    "Backoff ceiling after the first failure; it doubles per failure up to the maximum, and the wait "
                            + "is a random time below it (full jitter), never shorter than Retry-After.", ATLAS, 12,
                    ConfigDef.Width.SHORT, "Initial backoff")
            .define(ATLAS_RETRY_MAX_BACKOFF_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW,
                    "Largest backoff ceiling.", ATLAS, 13, ConfigDef.Width.SHORT, "Max backoff")
            .define(ATLAS_RETRY_BUDGET_MS, Type.LONG, 300_000L, Range.atLeast(0), Importance.MEDIUM,
                    "Time from a request's first call after which no further call starts; the request is then "
                            + "answered with the last error and retryable=true.", ATLAS, 14, ConfigDef.Width.SHORT,
                    "Retry budget")
            .define(ATLAS_RATE_LIMIT_CAPACITY, Type.INT, 1200, Range.atLeast(1), Importance.LOW,
                    "Calls per project the worker allows itself in a burst (Atlas's bucket capacity).", ATLAS, 15,
                    ConfigDef.Width.SHORT, "Rate capacity")
            .define(ATLAS_RATE_LIMIT_REFILL_PER_MINUTE, Type.INT, 500, Range.atLeast(1), Importance.LOW,
                    "Calls per project per minute the worker allows itself after a burst (Atlas's refill).", ATLAS, 16,
                    ConfigDef.Width.SHORT, "Rate refill")
            .define(ATLAS_MAX_CONNECTIONS, Type.INT, 32, Range.atLeast(1), Importance.LOW,
                    "Calls to Atlas in flight at once.", ATLAS, 17, ConfigDef.Width.SHORT, "Connections")
            .define(METRICS_PORT, Type.INT, 9404, Range.atLeast(-1), Importance.MEDIUM,
                    "Port of /metrics (Prometheus), /health/live and /health/ready; 0 picks a free one, -1 turns them "
                            + "off.", OPERATIONS, 1, ConfigDef.Width.SHORT, "Metrics port")
            .define(METRICS_HOST, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Address the metrics and health endpoints listen on.", OPERATIONS, 2, ConfigDef.Width.MEDIUM,
                    "Metrics host")
            .define(LOG_FORMAT, Type.STRING, "text", ValidString.in("text", "json"), Importance.MEDIUM,
                    "Log lines as text or as JSON objects (one per line), on standard error.", OPERATIONS, 3,
                    ConfigDef.Width.SHORT, "Log format")
            .define(CRYPTO_THREADS, Type.INT, 0, Range.atLeast(0), Importance.LOW,
                    "Threads generating keys and signing; 0 uses one per core.", PROCESSING, 1, ConfigDef.Width.SHORT,
                    "Crypto threads")
            .define(MAX_IN_FLIGHT, Type.INT, 1000, Range.atLeast(1), Importance.LOW,
                    "Requests being processed at once; above it, consumption pauses until half have finished.",
                    PROCESSING, 2, ConfigDef.Width.SHORT, "In flight")
            .define(DIRECTORY_STARTUP_TIMEOUT_MS, Type.LONG, 120_000L, Range.atLeast(1), Importance.LOW,
                    "How long start-up may take to read the users topic before the worker gives up.", PROCESSING, 3,
                    ConfigDef.Width.SHORT, "Directory start-up")
            .define(DIRECTORY_SYNC_TIMEOUT_MS, Type.LONG, 5_000L, Range.atLeast(0), Importance.LOW,
                    "How long a request for an unknown user waits for the users topic to be read up to its end, so a "
                            + "user created just before the request is found.", PROCESSING, 4, ConfigDef.Width.SHORT,
                    "Directory sync")
            .define(SHUTDOWN_TIMEOUT_MS, Type.LONG, 20_000L, Range.atLeast(0), Importance.LOW,
                    "On stop or revocation, how long in-flight requests may take to finish and be published; the "
                            + "rest are consumed again by the partition's next owner.", PROCESSING, 5,
                    ConfigDef.Width.SHORT, "Shutdown");

    static {
        LifecycleConfig.define(DEFINITION); // the settings of a certificate's life after issuance, a group of their own
    }

    private final Map<String, String> kafkaProperties;

    /**
     * Reads the settings; unknown names are kept aside (Kafka properties) or reported by {@link #unknownSettings()}.
     *
     * @throws ConfigException naming the first setting with a bad value
     */
    public WorkerConfig(Map<String, String> settings) {
        super(DEFINITION, settings, false);
        Map<String, String> kafka = new HashMap<>();
        settings.forEach((name, value) -> {
            if (name.startsWith(ConfigSources.KAFKA_PREFIX)) {
                kafka.put(name.substring(ConfigSources.KAFKA_PREFIX.length()), value);
            }
        });
        this.kafkaProperties = Map.copyOf(kafka);
    }

    /** Settings that are neither ours nor Kafka's: almost always a typo. */
    public List<String> unknownSettings() {
        List<String> unknown = new ArrayList<>();
        for (Object name : originals().keySet()) {
            String key = name.toString();
            if (!DEFINITION.names().contains(key) && !key.startsWith(ConfigSources.KAFKA_PREFIX)) {
                unknown.add(key);
            }
        }
        return unknown;
    }

    /** Properties for every Kafka client: the brokers plus everything given as {@code kafka.*}. */
    public Map<String, Object> kafkaClientProperties() {
        Map<String, Object> properties = new HashMap<>(kafkaProperties);
        properties.put("bootstrap.servers", getString(BOOTSTRAP_SERVERS));
        return properties;
    }

    public String groupId() {
        return getString(GROUP_ID);
    }

    /** {@code <group.id>-<instance.id>}, with a random instance id when none is set. */
    public String transactionalId() {
        String instance = getString(INSTANCE_ID);
        return groupId() + "-" + (instance.isBlank() ? UUID.randomUUID() : instance);
    }

    public TopicNames topicNames() {
        return new TopicNames(getString(TOPIC_REQUESTS), getString(TOPIC_ISSUED), getString(TOPIC_FAILED),
                getString(TOPIC_DLQ), getString(TOPIC_USERS), getString(TOPIC_LEDGER), getString(TOPIC_REQUESTS_STATE),
                getString(TOPIC_CA_STORE), getString(TOPIC_USER_SECURITY));
    }

    public boolean createTopics() {
        return getBoolean(TOPICS_CREATE);
    }

    public int topicPartitions() {
        return getInt(TOPICS_PARTITIONS);
    }

    public short topicReplicationFactor() {
        return getShort(TOPICS_REPLICATION_FACTOR);
    }

    public String issuer() {
        return getString(ISSUER);
    }

    public CaSettings caSettings() {
        return new CaSettings(
                KeyAlgorithm.parse(getString(KEY_ALGORITHM)),
                KeyAlgorithm.parse(getString(CA_KEY_ALGORITHM)),
                getString(CA_ORGANIZATIONAL_UNIT),
                getString(CA_ORGANIZATION),
                Duration.ofDays(getInt(CA_GROUP_VALIDITY_DAYS)),
                Duration.ofDays(getInt(CA_ROOT_VALIDITY_DAYS)),
                lifecycleSettings().crlBaseUrl(),
                lifecycleSettings().ocspBaseUrl());
    }

    public Path caDirectory() {
        return Path.of(getString(CA_DIR));
    }

    public boolean caStoreInKafka() {
        return CA_STORE_KAFKA.equals(getString(CA_STORE));
    }

    public Path signatureLog() {
        String configured = getString(CA_SIGNATURE_LOG);
        return configured.isBlank() ? caDirectory().resolve("signatures.log") : Path.of(configured);
    }

    public int keyPoolSize() {
        return getInt(KEY_POOL_SIZE);
    }

    public int maxCertificatesPerUser() {
        return getInt(MAX_CERTIFICATES_PER_USER);
    }

    public Duration ledgerSweepInterval() {
        return Duration.ofMillis(getLong(LEDGER_SWEEP_INTERVAL_MS));
    }

    public Duration requestStateRetention() {
        return Duration.ofMillis(getLong(REQUEST_STATE_RETENTION_MS));
    }

    /**
     * The key-encryption key, or null when none is set and none is needed (the Atlas issuer keeps no secrets).
     *
     * @throws ConfigException when it is needed and missing, or is not 32 bytes of base64
     */
    public io.certworker.secrets.KeyEncryptionKey keyEncryptionKey() {
        String file = getString(KEY_ENCRYPTION_KEY_FILE);
        String value;
        if (!file.isBlank()) {
            try {
                value = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new ConfigException(KEY_ENCRYPTION_KEY_FILE, file, "cannot be read: " + e.getMessage());
            }
        } else {
            value = getPassword(KEY_ENCRYPTION_KEY).value();
        }
        if (value.isBlank()) {
            if (ISSUER_ATLAS.equals(issuer())) {
                return null;
            }
            throw new ConfigException("The internal CA needs a key-encryption key to protect the keys it keeps while "
                    + "minting: set " + KEY_ENCRYPTION_KEY + " or " + KEY_ENCRYPTION_KEY_FILE + " to base64 of 32 random "
                    + "bytes (for example: head -c 32 /dev/urandom | base64).");
        }
        try {
            return io.certworker.secrets.KeyEncryptionKey.fromBase64(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file.isBlank() ? KEY_ENCRYPTION_KEY : KEY_ENCRYPTION_KEY_FILE + " " + file,
                    "(hidden)", e.getMessage());
        }
    }

    /**
     * Where the root CA comes from: PEM files, a PKCS#12 keystore, or (when allowed) generated in the CA directory.
     *
     * @throws ConfigException when the root settings are incomplete or contradictory
     */
    public RootCaSource rootCaSource() {
        validateRoot();
        if (!getString(CA_ROOT_PKCS12_FILE).isBlank()) {
            return new RootCaSource.Pkcs12(Path.of(getString(CA_ROOT_PKCS12_FILE)), pkcs12Password());
        }
        if (!getString(CA_ROOT_CERTIFICATE_FILE).isBlank()) {
            return new RootCaSource.PemFiles(Path.of(getString(CA_ROOT_CERTIFICATE_FILE)),
                    Path.of(getString(CA_ROOT_PRIVATE_KEY_FILE)));
        }
        return new RootCaSource.GeneratedIn(caDirectory().resolve("root"));
    }

    /**
     * How to reach Atlas, for {@code issuer=atlas}.
     *
     * @throws ConfigException when neither a service account nor an API key pair is configured, or both are
     */
    public io.certworker.issuance.atlas.AtlasSettings atlasSettings() {
        String clientId = getString(ATLAS_CLIENT_ID);
        String publicKey = getString(ATLAS_PUBLIC_KEY);
        if (clientId.isBlank() == publicKey.isBlank()) {
            throw new ConfigException("The Atlas issuer needs either a service account (" + ATLAS_CLIENT_ID + " and "
                    + ATLAS_CLIENT_SECRET + " or " + ATLAS_CLIENT_SECRET_FILE + ") or an API key pair ("
                    + ATLAS_PUBLIC_KEY + " and " + ATLAS_PRIVATE_KEY + " or " + ATLAS_PRIVATE_KEY_FILE + "), not "
                    + (clientId.isBlank() ? "neither." : "both."));
        }
        io.certworker.issuance.atlas.AtlasCredentials credentials = clientId.isBlank()
                ? new io.certworker.issuance.atlas.AtlasCredentials.ApiKey(publicKey,
                        secret(ATLAS_PRIVATE_KEY, ATLAS_PRIVATE_KEY_FILE))
                : new io.certworker.issuance.atlas.AtlasCredentials.ServiceAccount(clientId,
                        secret(ATLAS_CLIENT_SECRET, ATLAS_CLIENT_SECRET_FILE));
        java.net.URI baseUrl;
        try {
            baseUrl = new java.net.URI(atlasBaseUrl());
            if (baseUrl.getScheme() == null || baseUrl.getHost() == null) {
                throw new java.net.URISyntaxException(getString(ATLAS_BASE_URL), "needs a scheme and a host");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(ATLAS_BASE_URL, getString(ATLAS_BASE_URL), e.getMessage());
        }
        return new io.certworker.issuance.atlas.AtlasSettings(baseUrl, credentials, getString(ATLAS_API_VERSION),
                Duration.ofMillis(getLong(ATLAS_CONNECT_TIMEOUT_MS)), Duration.ofMillis(getLong(ATLAS_REQUEST_TIMEOUT_MS)),
                new io.certworker.issuance.atlas.RetryPolicy(getInt(ATLAS_RETRY_MAX_ATTEMPTS),
                        Duration.ofMillis(getLong(ATLAS_RETRY_INITIAL_BACKOFF_MS)),
                        Duration.ofMillis(getLong(ATLAS_RETRY_MAX_BACKOFF_MS)),
                        Duration.ofMillis(getLong(ATLAS_RETRY_BUDGET_MS))),
                getInt(ATLAS_RATE_LIMIT_CAPACITY), getInt(ATLAS_RATE_LIMIT_REFILL_PER_MINUTE),
                getInt(ATLAS_MAX_CONNECTIONS));
    }

    /** A secret from its file setting if set, else from its value setting; refused when empty. */
    private String secret(String valueSetting, String fileSetting) {
        String file = getString(fileSetting);
        String value;
        if (!file.isBlank()) {
            try {
                value = Files.readString(Path.of(file), StandardCharsets.UTF_8).stripTrailing();
            } catch (IOException e) {
                throw new ConfigException(fileSetting, file, "cannot be read: " + e.getMessage());
            }
        } else {
            value = getPassword(valueSetting).value();
        }
        if (value.isBlank()) {
            throw new ConfigException("Set " + valueSetting + " (or " + fileSetting + ").");
        }
        return value;
    }

    public int metricsPort() {
        return getInt(METRICS_PORT);
    }

    public String metricsHost() {
        return getString(METRICS_HOST);
    }

    public String logFormat() {
        return getString(LOG_FORMAT);
    }

    public int cryptoThreads() {
        int configured = getInt(CRYPTO_THREADS);
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    public Duration directoryStartupTimeout() {
        return Duration.ofMillis(getLong(DIRECTORY_STARTUP_TIMEOUT_MS));
    }

    public Duration directorySyncTimeout() {
        return Duration.ofMillis(getLong(DIRECTORY_SYNC_TIMEOUT_MS));
    }

    /** Atlas's base URL without trailing slashes, as links and API paths are appended to it. */
    public String atlasBaseUrl() {
        return getString(ATLAS_BASE_URL).replaceAll("/+$", "");
    }

    /** The settings of a certificate's life after issuance: revocation, CRL, OCSP, expiry warnings, renewal. */
    public LifecycleSettings lifecycleSettings() {
        return LifecycleConfig.settings(this);
    }

    public WorkerLoop.Settings loopSettings() {
        Duration shutdown = Duration.ofMillis(getLong(SHUTDOWN_TIMEOUT_MS));
        WorkerLoop.Settings defaults = WorkerLoop.Settings.defaults();
        return new WorkerLoop.Settings(defaults.idlePoll(), defaults.busyPoll(), defaults.publishInterval(),
                getInt(MAX_IN_FLIGHT), shutdown, shutdown);
    }

    private char[] pkcs12Password() {
        String file = getString(CA_ROOT_PKCS12_PASSWORD_FILE);
        if (!file.isBlank()) {
            try {
                return Files.readString(Path.of(file), StandardCharsets.UTF_8).stripTrailing().toCharArray();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + CA_ROOT_PKCS12_PASSWORD_FILE + " " + file, e);
            }
        }
        Password password = getPassword(CA_ROOT_PKCS12_PASSWORD);
        return password.value().toCharArray();
    }

    private void validateRoot() {
        boolean pem = !getString(CA_ROOT_CERTIFICATE_FILE).isBlank() || !getString(CA_ROOT_PRIVATE_KEY_FILE).isBlank();
        boolean pkcs12 = !getString(CA_ROOT_PKCS12_FILE).isBlank();
        if (pem && pkcs12) {
            throw new ConfigException("Set either " + CA_ROOT_PKCS12_FILE + " or the two PEM files ("
                    + CA_ROOT_CERTIFICATE_FILE + ", " + CA_ROOT_PRIVATE_KEY_FILE + "), not both.");
        }
        if (pem && (getString(CA_ROOT_CERTIFICATE_FILE).isBlank() || getString(CA_ROOT_PRIVATE_KEY_FILE).isBlank())) {
            throw new ConfigException("Set both " + CA_ROOT_CERTIFICATE_FILE + " and " + CA_ROOT_PRIVATE_KEY_FILE + ".");
        }
        if (!pem && !pkcs12 && !getBoolean(CA_ROOT_GENERATE) && ISSUER_INTERNAL_CA.equals(issuer())) {
            throw new ConfigException("The internal CA needs a root: set " + CA_ROOT_CERTIFICATE_FILE + " and "
                    + CA_ROOT_PRIVATE_KEY_FILE + " (or " + CA_ROOT_PKCS12_FILE + "), or " + CA_ROOT_GENERATE
                    + "=true to generate one in " + getString(CA_DIR) + "/root.");
        }
    }

    /** The configuration reference as a Markdown table: setting, environment variable, default, description. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder()
                .append("| Setting | Environment variable | Default | Description |\n")
                .append("|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : DEFINITION.configKeys().values()) {
            Object fallback = key.defaultValue;
            String shown = fallback == null || fallback.toString().isEmpty() ? "" : "`" + fallback + "`";
            if (key.type == Type.PASSWORD) {
                shown = "";
            }
            table.append("| `").append(key.name).append("` | `").append(ConfigSources.environmentName(key.name))
                    .append("` | ").append(shown).append(" | ").append(key.documentation.replace("|", "\\|"))
                    .append(" |\n");
        }
        table.append("| `kafka.<property>` | `CERT_WORKER_KAFKA_<PROPERTY>` | | Any Kafka client property, passed to "
                + "every client the worker and its commands create (TLS, SASL, timeouts). |\n");
        return table.toString();
    }

    private static ConfigDef.Validator keyAlgorithm() {
        return (name, value) -> {
            try {
                KeyAlgorithm.parse(String.valueOf(value));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        };
    }
}
