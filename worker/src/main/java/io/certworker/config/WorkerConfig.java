package io.certworker.config;

import io.certworker.contracts.Topics;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.ca.CaSettings;
import io.certworker.issuance.ca.CryptoProviders;
import io.certworker.issuance.ca.RootCaSource;
import io.certworker.issuance.ca.pkcs11.Pkcs11Settings;
import io.certworker.lifecycle.LifecycleSettings;
import io.certworker.secrets.KeyEncryptionKey;
import io.certworker.topics.TopicNames;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * Every setting of the worker, defined once: name, type, default, validator, documentation. Built with Kafka's
 * {@link ConfigDef}, so a bad value is refused with a message naming the setting before anything starts, and the
 * README's configuration table is generated from here ({@link #markdownTable()}).
 *
 * <p>Everything is parsed and cross-checked when the configuration is made; getters only read. {@link #forWorker}
 * also checks and resolves what running the worker needs (the issuer's credentials, the root CA, the key-encryption
 * key, secrets from files); the commands, which only talk to Kafka, use the plain constructor.
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
    public static final String REQUEST_PARTITIONS_ACCEPTED = "request.partitions.accepted";
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
    public static final String CA_KEY_STORE = "ca.key.store";
    public static final String CA_PKCS11_LIBRARY = "ca.pkcs11.library";
    public static final String CA_PKCS11_TOKEN_LABEL = "ca.pkcs11.token.label";
    public static final String CA_PKCS11_SLOT = "ca.pkcs11.slot";
    public static final String CA_PKCS11_PIN = "ca.pkcs11.pin";
    public static final String CA_PKCS11_PIN_FILE = "ca.pkcs11.pin.file";
    public static final String CA_PKCS11_ROOT_LABEL = "ca.pkcs11.root.label";
    public static final String CA_PKCS11_PROBE_INTERVAL_MS = "ca.pkcs11.probe.interval.ms";
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
    public static final String LOG_LEVEL = "log.level";
    public static final String MAX_IN_FLIGHT = "max.in.flight";
    public static final String DIRECTORY_STARTUP_TIMEOUT_MS = "directory.startup.timeout.ms";
    public static final String DIRECTORY_SYNC_TIMEOUT_MS = "directory.sync.timeout.ms";
    public static final String SHUTDOWN_TIMEOUT_MS = "shutdown.timeout.ms";
    public static final String CRYPTO_PROVIDER = "crypto.provider";

    /** The CA store choices of {@link #CA_STORE}. */
    public static final String CA_STORE_FILE = "file";
    public static final String CA_STORE_KAFKA = "kafka";
    /** The choices of {@link #CA_KEY_STORE}. */
    public static final String CA_KEY_STORE_SOFTWARE = "software";
    public static final String CA_KEY_STORE_PKCS11 = "pkcs11";

    private static final String KAFKA = "Kafka";
    private static final String TOPICS = "Topics";
    private static final String ISSUING = "Issuing";
    private static final String INTERNAL_CA = "Internal CA";
    private static final String PKCS11 = "PKCS#11 token";
    private static final String ATLAS = "Atlas issuer";
    private static final String PROCESSING = "Processing";
    private static final String OPERATIONS = "Operations";

    public static final ConfigDef DEFINITION = definition();

    private final Map<String, String> kafkaProperties;
    private final IssuerKind issuer;
    private final String transactionalId;
    private final URI atlasBaseUrl;
    private final LifecycleSettings lifecycle;
    /** Resolved by {@link #forWorker}; null in a configuration for commands. */
    private final WorkerNeeds worker;

    /** What only the worker needs, checked and read once: secrets, the root, the token, the issuer's credentials. */
    private record WorkerNeeds(KeyEncryptionKey keyEncryptionKey, RootCaSource rootCaSource,
                               Pkcs11Settings pkcs11Settings, Optional<String> atlasClientSecret,
                               Optional<String> atlasPrivateKey) {
    }

    /**
     * Reads and cross-checks the settings, as every command needs them; unknown names are kept aside (Kafka
     * properties) or reported by {@link #unknownSettings()}.
     *
     * @throws ConfigException naming the first setting with a bad value, or the settings that contradict each other
     */
    public WorkerConfig(Map<String, String> settings) {
        this(settings, false);
    }

    private WorkerConfig(Map<String, String> settings, boolean forWorker) {
        super(DEFINITION, settings, false);
        Map<String, String> kafka = new HashMap<>();
        settings.forEach((name, value) -> {
            if (name.startsWith(ConfigSources.KAFKA_PREFIX)) {
                kafka.put(name.substring(ConfigSources.KAFKA_PREFIX.length()), value);
            }
        });
        this.kafkaProperties = Map.copyOf(kafka);
        this.issuer = IssuerKind.named(getString(ISSUER));
        String instance = getString(INSTANCE_ID);
        this.transactionalId = groupId() + "-" + (instance.isBlank() ? UUID.randomUUID() : instance);
        this.atlasBaseUrl = parseAtlasBaseUrl();
        this.lifecycle = LifecycleConfig.settings(this);
        checkRootSettings();
        checkAtlasCredentialsAreNotBoth();
        this.worker = forWorker ? resolveWorkerNeeds() : null;
    }

    /**
     * The configuration of a worker: as {@link #WorkerConfig(Map)}, and also everything the chosen issuer needs,
     * read and checked now (secret files read, the key-encryption key decoded, the root's source decided).
     *
     * @throws ConfigException naming what is missing or wrong
     */
    public static WorkerConfig forWorker(Map<String, String> settings) {
        return new WorkerConfig(settings, true);
    }

    private static ConfigDef definition() {
        Settings settings = new Settings();
        settings.add(BOOTSTRAP_SERVERS, Type.STRING, "localhost:9092", null, Importance.HIGH, KAFKA, "Brokers",
                "Kafka brokers to connect to, host:port[,host:port...].");
        settings.add(GROUP_ID, Type.STRING, "cert-worker", new ConfigDef.NonEmptyString(), Importance.HIGH, KAFKA,
                "Group", "Consumer group of the worker instances that share the requests.");
        settings.add(INSTANCE_ID, Type.STRING, "", null, Importance.MEDIUM, KAFKA, "Instance",
                "Stable name of this instance (a pod name, say). The transactional id is group.id, a dash and this, "
                        + "and it is the consumer's group.instance.id (static membership), so a restarted instance "
                        + "fences its previous self and takes its partitions back at once; empty picks a random one.");

        settings.add(TOPIC_REQUESTS, Type.STRING, Topics.REQUESTS, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                TOPICS, "Requests", "Topic of certificate requests.");
        settings.add(TOPIC_ISSUED, Type.STRING, Topics.ISSUED, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                TOPICS, "Issued", "Topic of issued-certificate events.");
        settings.add(TOPIC_FAILED, Type.STRING, Topics.FAILED, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                TOPICS, "Failed", "Topic of error events (Atlas ApiError envelopes).");
        settings.add(TOPIC_DLQ, Type.STRING, Topics.DEAD_LETTERS, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                TOPICS, "Dead letters", "Dead-letter topic for records that are not requests at all.");
        settings.add(TOPIC_USERS, Type.STRING, Topics.USERS, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                TOPICS, "Users", "Compacted topic of database users, read from the beginning at start-up.");
        settings.add(TOPIC_LEDGER, Type.STRING, Topics.LEDGER, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                TOPICS, "Ledger", "Compacted topic of issued-certificate metadata (Atlas's UserCert), written with "
                        + "each issued event: what certs list answers and what max.certificates.per.user counts.");
        settings.add(TOPIC_USER_SECURITY, Type.STRING, Topics.USER_SECURITY, new ConfigDef.NonEmptyString(),
                Importance.MEDIUM, TOPICS, "User security", "Compacted topic of per-project user-security settings "
                        + "(customer-managed X.509), key groupId.");
        settings.add(TOPIC_REQUESTS_STATE, Type.STRING, Topics.REQUESTS_STATE, new ConfigDef.NonEmptyString(),
                Importance.MEDIUM, TOPICS, "Request states", "The worker's own compacted topic of request states "
                        + "(answered, being minted), with as many partitions as the requests topic.");
        settings.add(TOPIC_CA_STORE, Type.STRING, Topics.CA_STORE, new ConfigDef.NonEmptyString(), Importance.LOW,
                TOPICS, "CA store topic", "The worker's own one-partition topic of per-project CAs, for "
                        + "ca.store=kafka.");
        settings.add(REQUEST_STATE_RETENTION_MS, Type.LONG, 7L * 24 * 3600 * 1000, Range.atLeast(60_000),
                Importance.MEDIUM, TOPICS, "Request memory", "How long a requestId is remembered: sent again within "
                        + "this time, it is not minted again. Also the retention of the request-state topic the "
                        + "worker creates.");
        settings.add(REQUEST_PARTITIONS_ACCEPTED, Type.INT, 0, Range.atLeast(0), Importance.LOW, TOPICS,
                "Accepted partitions", "After partitions were added to the requests topic (and the request-state "
                        + "topic), the new count, to let the worker start on it: see the README's procedure. 0 "
                        + "accepts only the count the group last ran with.");
        settings.add(TOPICS_CREATE, Type.BOOLEAN, false, null, Importance.MEDIUM, TOPICS, "Create",
                "Create missing topics at start-up (users and ledger compacted). When false, missing topics stop "
                        + "the worker with a message naming them.");
        settings.add(TOPICS_PARTITIONS, Type.INT, 3, Range.atLeast(1), Importance.LOW, TOPICS, "Partitions",
                "Partitions of topics the worker creates.");
        settings.add(TOPICS_REPLICATION_FACTOR, Type.SHORT, (short) -1, null, Importance.LOW, TOPICS, "Replication",
                "Replication factor of topics the worker creates; -1 uses the broker's default.");

        settings.add(ISSUER, Type.STRING, IssuerKind.INTERNAL_CA.configName(),
                ValidString.in(IssuerKind.configNames()), Importance.HIGH, ISSUING, "Issuer",
                "What issues certificates: internal-ca (the worker's own CA) or atlas (Atlas's Admin API, which "
                        + "needs atlas.client.id and a secret, or an API key pair).");
        settings.add(KEY_ALGORITHM, Type.STRING, KeyAlgorithm.RSA_4096.configName(), keyAlgorithm(),
                Importance.MEDIUM, ISSUING, "Key algorithm", "Key type of issued certificates: "
                        + KeyAlgorithm.names() + ". Atlas issues RSA-4096.");
        settings.add(MAX_CERTIFICATES_PER_USER, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM, ISSUING,
                "Per-user cap", "Most unexpired certificates a user may have; one more is refused with 400 "
                        + "ATLAS_GENERATED_CERTS_LIMIT_EXCEEDED. 0 means no cap (Atlas does not document its own).");
        settings.add(LEDGER_SWEEP_INTERVAL_MS, Type.LONG, 3_600_000L, Range.atLeast(100), Importance.LOW, ISSUING,
                "Ledger sweep", "How often expired certificates are removed from the ledger (with tombstones).");
        settings.add(KEY_POOL_SIZE, Type.INT, 0, Range.between(0, 100_000), Importance.MEDIUM, ISSUING, "Key pool",
                "Subject key pairs made ahead of time by a low-priority background thread (never stored, each "
                        + "used once), so a burst of up to this many requests does not wait for key generation. "
                        + "0 turns the pool off.");

        settings.add(CA_KEY_ALGORITHM, Type.STRING, KeyAlgorithm.RSA_4096.configName(), keyAlgorithm(),
                Importance.LOW, INTERNAL_CA, "CA key algorithm", "Key type of the per-project CAs and of a generated "
                        + "root.");
        settings.add(CA_ORGANIZATIONAL_UNIT, Type.STRING, "cert-worker", new ConfigDef.NonEmptyString(),
                Importance.LOW, INTERNAL_CA, "OU", "OU of the per-project CAs, whose names are CN=groupId, OU=this, "
                        + "O=ca.organization.");
        settings.add(CA_ORGANIZATION, Type.STRING, "cert-worker", new ConfigDef.NonEmptyString(), Importance.LOW,
                INTERNAL_CA, "O", "O of the per-project CAs and of a generated root.");
        settings.add(CA_GROUP_VALIDITY_DAYS, Type.INT, 3650, Range.atLeast(762), Importance.LOW, INTERNAL_CA,
                "CA validity", "Validity of a per-project CA, in days from its creation; at least 762, so that it "
                        + "outlives a 24-month certificate issued on its first day.");
        settings.add(CA_DIR, Type.STRING, ".cert-worker/ca", new ConfigDef.NonEmptyString(), Importance.HIGH,
                INTERNAL_CA, "CA directory", "Directory of the CA store: per-project CAs in groups/ (keys readable "
                        + "by the owner only), and a generated root in root/.");
        settings.add(CA_STORE, Type.STRING, CA_STORE_FILE, ValidString.in(CA_STORE_FILE, CA_STORE_KAFKA),
                Importance.HIGH, INTERNAL_CA, "CA store", "Where per-project CAs are kept: file (in ca.dir, one "
                        + "instance) or kafka (in topic.ca.store, shared by every instance; keys wrapped with the "
                        + "key-encryption key).");
        settings.add(CA_SIGNATURE_LOG, Type.STRING, "", null, Importance.LOW, INTERNAL_CA, "Signature log",
                "File the CA appends every signature to (serial, requestId, project, user; never a key); empty "
                        + "means signatures.log in ca.dir.");
        settings.add(KEY_ENCRYPTION_KEY, Type.PASSWORD, "", null, Importance.HIGH, INTERNAL_CA, "Key-encryption key",
                "Base64 of 32 random bytes (AES-256) wrapping the private keys the worker keeps for a while: "
                        + "certificates being minted, CAs in Kafka. Required by the internal CA; dev makes one. "
                        + "Prefer the environment or the file.");
        settings.add(KEY_ENCRYPTION_KEY_FILE, Type.STRING, "", null, Importance.HIGH, INTERNAL_CA,
                "Key-encryption key file", "File holding the key-encryption key (base64).");
        settings.add(CA_ROOT_CERTIFICATE_FILE, Type.STRING, "", null, Importance.HIGH, INTERNAL_CA,
                "Root certificate", "PEM file of the root CA certificate (may hold its chain, signing CA first).");
        settings.add(CA_ROOT_PRIVATE_KEY_FILE, Type.STRING, "", null, Importance.HIGH, INTERNAL_CA, "Root key",
                "PEM file of the root CA's unencrypted private key (PKCS#8, PKCS#1 or SEC1).");
        settings.add(CA_ROOT_PKCS12_FILE, Type.STRING, "", null, Importance.HIGH, INTERNAL_CA, "Root keystore",
                "PKCS#12 keystore holding the root CA (instead of the two PEM files).");
        settings.add(CA_ROOT_PKCS12_PASSWORD, Type.PASSWORD, "", null, Importance.MEDIUM, INTERNAL_CA,
                "Root keystore password", "Password of the PKCS#12 keystore. Prefer the environment or the "
                        + "password file.");
        settings.add(CA_ROOT_PKCS12_PASSWORD_FILE, Type.STRING, "", null, Importance.MEDIUM, INTERNAL_CA,
                "Root keystore password file", "File holding the PKCS#12 password (trailing newline ignored).");
        settings.add(CA_ROOT_GENERATE, Type.BOOLEAN, false, null, Importance.MEDIUM, INTERNAL_CA, "Generate root",
                "Without a configured root, generate one in root/ under ca.dir on first start and reuse it. For "
                        + "development; dev turns it on.");
        settings.add(CA_ROOT_VALIDITY_DAYS, Type.INT, 7300, Range.atLeast(762), Importance.LOW, INTERNAL_CA,
                "Root validity", "Validity of a generated root, in days.");

        settings.add(CA_KEY_STORE, Type.STRING, CA_KEY_STORE_SOFTWARE,
                ValidString.in(CA_KEY_STORE_SOFTWARE, CA_KEY_STORE_PKCS11), Importance.HIGH, PKCS11, "CA key store",
                "Where the CA keys are: software (kept by the CA store, as configured above) or pkcs11 (in an HSM or "
                        + "token: the root found there by ca.pkcs11.root.label, each project's CA key generated there, "
                        + "non-extractable; the CA store keeps certificates and key labels only). See docs/hsm.md.");
        settings.add(CA_PKCS11_LIBRARY, Type.STRING, "", null, Importance.HIGH, PKCS11, "PKCS#11 library",
                "Path of the HSM vendor's PKCS#11 library (a .so), for ca.key.store=pkcs11.");
        settings.add(CA_PKCS11_TOKEN_LABEL, Type.STRING, "", null, Importance.HIGH, PKCS11, "Token label",
                "Label of the token (partition) holding the CA keys; or set ca.pkcs11.slot.");
        settings.add(CA_PKCS11_SLOT, Type.LONG, -1L, Range.atLeast(-1), Importance.MEDIUM, PKCS11, "Slot",
                "Slot id of the token, instead of its label; -1 means unset.");
        settings.add(CA_PKCS11_PIN, Type.PASSWORD, "", null, Importance.HIGH, PKCS11, "PIN",
                "User PIN of the token. Prefer the environment or the PIN file.");
        settings.add(CA_PKCS11_PIN_FILE, Type.STRING, "", null, Importance.HIGH, PKCS11, "PIN file",
                "File holding the user PIN (trailing newline ignored).");
        settings.add(CA_PKCS11_ROOT_LABEL, Type.STRING, "cert-worker-root", new ConfigDef.NonEmptyString(),
                Importance.MEDIUM, PKCS11, "Root label", "Label of the root CA's key entry in the token (its private "
                        + "key and certificate); made by cert-worker ca init-root or imported.");
        settings.add(CA_PKCS11_PROBE_INTERVAL_MS, Type.LONG, 5_000L, Range.atLeast(100), Importance.LOW, PKCS11,
                "Token probe", "How often the token is checked with a signature by the root key (readiness), and how "
                        + "often a lost token is looked for again.");

        settings.add(ATLAS_BASE_URL, Type.STRING, "https://cloud.mongodb.com", new ConfigDef.NonEmptyString(),
                Importance.HIGH, ATLAS, "Base URL", "Atlas, or any server speaking its Admin API v2.");
        settings.add(ATLAS_API_VERSION, Type.STRING, "2023-01-01", new ConfigDef.NonEmptyString(), Importance.LOW,
                ATLAS, "API version", "Version of the Admin API, sent as application/vnd.atlas.VERSION+json.");
        settings.add(ATLAS_CLIENT_ID, Type.STRING, "", null, Importance.HIGH, ATLAS, "Client id",
                "Service account client id (OAuth2 client credentials; Atlas's recommended way).");
        settings.add(ATLAS_CLIENT_SECRET, Type.PASSWORD, "", null, Importance.HIGH, ATLAS, "Client secret",
                "Service account client secret. Prefer the environment or the secret file.");
        settings.add(ATLAS_CLIENT_SECRET_FILE, Type.STRING, "", null, Importance.HIGH, ATLAS, "Client secret file",
                "File holding the service account client secret (trailing newline ignored).");
        settings.add(ATLAS_PUBLIC_KEY, Type.STRING, "", null, Importance.HIGH, ATLAS, "Public key",
                "Programmatic API key, public part (HTTP Digest user), instead of a service account.");
        settings.add(ATLAS_PRIVATE_KEY, Type.PASSWORD, "", null, Importance.HIGH, ATLAS, "Private key",
                "Programmatic API key, private part (HTTP Digest password). Prefer the environment or the file.");
        settings.add(ATLAS_PRIVATE_KEY_FILE, Type.STRING, "", null, Importance.HIGH, ATLAS, "Private key file",
                "File holding the API key's private part (trailing newline ignored).");
        settings.add(ATLAS_CONNECT_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW, ATLAS,
                "Connect timeout", "How long to wait for a connection to Atlas.");
        settings.add(ATLAS_REQUEST_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW, ATLAS,
                "Request timeout", "How long to wait for Atlas to answer one call; then the call counts as a "
                        + "transient failure.");
        settings.add(ATLAS_RETRY_MAX_ATTEMPTS, Type.INT, 8, Range.atLeast(1), Importance.MEDIUM, ATLAS, "Attempts",
                "Calls per request at most, the first included, for transient failures (429, 5xx, timeouts, "
                        + "resets); other errors are never retried.");
        settings.add(ATLAS_RETRY_INITIAL_BACKOFF_MS, Type.LONG, 500L, Range.atLeast(0), Importance.LOW, ATLAS,
                "Initial backoff", "Backoff ceiling after the first failure; it doubles per failure up to the "
                        + "maximum, and the wait is a random time below it (full jitter), never shorter than "
                        + "Retry-After.");
        settings.add(ATLAS_RETRY_MAX_BACKOFF_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW, ATLAS,
                "Max backoff", "Largest backoff ceiling.");
        settings.add(ATLAS_RETRY_BUDGET_MS, Type.LONG, 300_000L, Range.atLeast(0), Importance.MEDIUM, ATLAS,
                "Retry budget", "Time from a request's first call after which no further call starts; the request "
                        + "is then answered with the last error and retryable=true.");
        settings.add(ATLAS_RATE_LIMIT_CAPACITY, Type.INT, 1200, Range.atLeast(1), Importance.LOW, ATLAS,
                "Rate capacity", "Calls per project the worker allows itself in a burst (Atlas's bucket capacity).");
        settings.add(ATLAS_RATE_LIMIT_REFILL_PER_MINUTE, Type.INT, 500, Range.atLeast(1), Importance.LOW, ATLAS,
                "Rate refill", "Calls per project per minute the worker allows itself after a burst (Atlas's "
                        + "refill).");
        settings.add(ATLAS_MAX_CONNECTIONS, Type.INT, 32, Range.atLeast(1), Importance.LOW, ATLAS, "Connections",
                "Calls to Atlas in flight at once.");

        settings.add(CRYPTO_THREADS, Type.INT, 0, Range.atLeast(0), Importance.LOW, PROCESSING, "Crypto threads",
                "Threads generating keys and signing; 0 uses one per core.");
        settings.add(MAX_IN_FLIGHT, Type.INT, 1000, Range.atLeast(1), Importance.LOW, PROCESSING, "In flight",
                "Requests being processed at once; above it, consumption pauses until half have finished.");
        settings.add(DIRECTORY_STARTUP_TIMEOUT_MS, Type.LONG, 120_000L, Range.atLeast(1), Importance.LOW,
                PROCESSING, "Directory start-up", "How long start-up may take to read the users topic before the "
                        + "worker gives up.");
        settings.add(DIRECTORY_SYNC_TIMEOUT_MS, Type.LONG, 5_000L, Range.atLeast(0), Importance.LOW, PROCESSING,
                "Directory sync", "How long a request for an unknown user waits for the users topic to be read up "
                        + "to its end, so a user created just before the request is found.");
        settings.add(SHUTDOWN_TIMEOUT_MS, Type.LONG, 20_000L, Range.atLeast(0), Importance.LOW, PROCESSING,
                "Shutdown", "On stop or revocation, how long in-flight requests may take to finish and be "
                        + "published; the rest are consumed again by the partition's next owner.");
        settings.add(CRYPTO_PROVIDER, Type.STRING, CryptoProviders.AUTO,
                ValidString.in(CryptoProviders.CHOICES.toArray(new String[0])), Importance.LOW, PROCESSING,
                "Crypto provider", "Who generates keys and signs for the internal CA: auto uses the native Amazon "
                        + "Corretto Crypto Provider (in jars built on Linux x86_64 or aarch64) where it loads, else the "
                        + "JDK's and BouncyCastle's; accp requires it and stops at start-up without it; jdk never "
                        + "loads it. ECDSA CA signatures stay BouncyCastle's deterministic ones in every case.");

        settings.add(METRICS_PORT, Type.INT, 9404, Range.atLeast(-1), Importance.MEDIUM, OPERATIONS, "Metrics port",
                "Port of /metrics (Prometheus), /health/live and /health/ready; 0 picks a free one, -1 turns them "
                        + "off.");
        settings.add(METRICS_HOST, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.LOW,
                OPERATIONS, "Metrics host", "Address the metrics and health endpoints listen on.");
        settings.add(LOG_FORMAT, Type.STRING, "text", ValidString.in("text", "json"), Importance.MEDIUM, OPERATIONS,
                "Log format", "Log lines as text or as JSON objects (one per line), on standard error.");
        settings.add(LOG_LEVEL, Type.STRING, "INFO", logLevels(), Importance.LOW, OPERATIONS, "Log level",
                "Level of the worker's own log lines: TRACE, DEBUG, INFO, WARN, ERROR or OFF. Kafka's clients and "
                        + "broker log at WARN at most. Commands other than run and dev log only warnings, and nothing "
                        + "of Kafka's clients, unless this is set or --verbose is given.");
        // A certificate's life after issuance: a group of its own, last.
        return LifecycleConfig.define(settings.definition);
    }

    /** Settings defined in table order, each numbered after the one before it in its group. */
    private static final class Settings {
        final ConfigDef definition = new ConfigDef();
        private final Map<String, Integer> lastInGroup = new HashMap<>();

        void add(String name, Type type, Object fallback, ConfigDef.Validator validator, Importance importance,
                 String group, String displayName, String documentation) {
            definition.define(name, type, fallback, validator, importance, documentation, group,
                    lastInGroup.merge(group, 1, Integer::sum), ConfigDef.Width.NONE, displayName);
        }
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

    /** The stable name of this instance, when one is set. */
    public Optional<String> instanceId() {
        return nonBlank(getString(INSTANCE_ID));
    }

    /** {@code <group.id>-<instance.id>}, with a random instance id (chosen once) when none is set. */
    public String transactionalId() {
        return transactionalId;
    }

    public TopicNames topicNames() {
        return new TopicNames(getString(TOPIC_REQUESTS), getString(TOPIC_ISSUED), getString(TOPIC_FAILED),
                getString(TOPIC_DLQ), getString(TOPIC_USERS), getString(TOPIC_LEDGER), getString(TOPIC_REQUESTS_STATE),
                getString(TOPIC_CA_STORE), getString(TOPIC_USER_SECURITY));
    }

    public int acceptedRequestPartitions() {
        return getInt(REQUEST_PARTITIONS_ACCEPTED);
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

    public IssuerKind issuer() {
        return issuer;
    }

    public KeyAlgorithm subjectKeyAlgorithm() {
        return KeyAlgorithm.parse(getString(KEY_ALGORITHM));
    }

    public CaSettings caSettings() {
        return new CaSettings(subjectKeyAlgorithm(), KeyAlgorithm.parse(getString(CA_KEY_ALGORITHM)),
                getString(CA_ORGANIZATIONAL_UNIT), getString(CA_ORGANIZATION),
                Duration.ofDays(getInt(CA_GROUP_VALIDITY_DAYS)), Duration.ofDays(getInt(CA_ROOT_VALIDITY_DAYS)),
                lifecycle.crlBaseUrl(), lifecycle.ocspBaseUrl());
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

    /** The key-encryption key; null when the issuer keeps no secrets and none is set (Atlas). Worker only. */
    public KeyEncryptionKey keyEncryptionKey() {
        return worker().keyEncryptionKey();
    }

    /**
     * Where the root CA comes from: PEM files, a PKCS#12 keystore, generated in the CA directory, or a key entry in the
     * token. Worker only.
     */
    public RootCaSource rootCaSource() {
        return worker().rootCaSource();
    }

    /** Whether the CA keys are in a PKCS#11 token ({@code ca.key.store=pkcs11}). */
    public boolean caKeysInToken() {
        return CA_KEY_STORE_PKCS11.equals(getString(CA_KEY_STORE));
    }

    /** How to reach the PKCS#11 token, for {@code ca.key.store=pkcs11}; null otherwise. Worker only. */
    public Pkcs11Settings pkcs11Settings() {
        return worker().pkcs11Settings();
    }

    /** Atlas's base URL without trailing slashes, as links and API paths are appended to it. */
    public String atlasBaseUrl() {
        return atlasBaseUrl.toString();
    }

    /** Atlas's base URL, checked to have a scheme and a host. */
    public URI atlasBaseUri() {
        return atlasBaseUrl;
    }

    public String atlasApiVersion() {
        return getString(ATLAS_API_VERSION);
    }

    /** The service account's client id, when the Atlas issuer uses one (else empty). */
    public Optional<String> atlasClientId() {
        return nonBlank(getString(ATLAS_CLIENT_ID));
    }

    /** The service account's secret, read once. Worker only. */
    public Optional<String> atlasClientSecret() {
        return worker().atlasClientSecret();
    }

    /** The API key's public part, when the Atlas issuer uses a key pair (else empty). */
    public Optional<String> atlasPublicKey() {
        return nonBlank(getString(ATLAS_PUBLIC_KEY));
    }

    /** The API key's private part, read once. Worker only. */
    public Optional<String> atlasPrivateKey() {
        return worker().atlasPrivateKey();
    }

    public Duration atlasConnectTimeout() {
        return Duration.ofMillis(getLong(ATLAS_CONNECT_TIMEOUT_MS));
    }

    public Duration atlasRequestTimeout() {
        return Duration.ofMillis(getLong(ATLAS_REQUEST_TIMEOUT_MS));
    }

    public int atlasRetryMaxAttempts() {
        return getInt(ATLAS_RETRY_MAX_ATTEMPTS);
    }

    public Duration atlasRetryInitialBackoff() {
        return Duration.ofMillis(getLong(ATLAS_RETRY_INITIAL_BACKOFF_MS));
    }

    public Duration atlasRetryMaxBackoff() {
        return Duration.ofMillis(getLong(ATLAS_RETRY_MAX_BACKOFF_MS));
    }

    public Duration atlasRetryBudget() {
        return Duration.ofMillis(getLong(ATLAS_RETRY_BUDGET_MS));
    }

    public int atlasRateLimitCapacity() {
        return getInt(ATLAS_RATE_LIMIT_CAPACITY);
    }

    public int atlasRateLimitRefillPerMinute() {
        return getInt(ATLAS_RATE_LIMIT_REFILL_PER_MINUTE);
    }

    public int atlasMaxConnections() {
        return getInt(ATLAS_MAX_CONNECTIONS);
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

    /** {@link #LOG_LEVEL} in upper case. */
    public String logLevel() {
        return getString(LOG_LEVEL).trim().toUpperCase(Locale.ROOT);
    }

    /** Whether {@link #LOG_LEVEL} was given (in a file or the environment) rather than defaulted. */
    public boolean logLevelGiven() {
        return originals().containsKey(LOG_LEVEL);
    }

    /** The {@code crypto.provider} choice: auto, accp or jdk. */
    public String cryptoProvider() {
        return getString(CRYPTO_PROVIDER);
    }

    public int cryptoThreads() {
        int configured = getInt(CRYPTO_THREADS);
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    public int maxInFlight() {
        return getInt(MAX_IN_FLIGHT);
    }

    public Duration directoryStartupTimeout() {
        return Duration.ofMillis(getLong(DIRECTORY_STARTUP_TIMEOUT_MS));
    }

    public Duration directorySyncTimeout() {
        return Duration.ofMillis(getLong(DIRECTORY_SYNC_TIMEOUT_MS));
    }

    public Duration shutdownTimeout() {
        return Duration.ofMillis(getLong(SHUTDOWN_TIMEOUT_MS));
    }

    /** The settings of a certificate's life after issuance: revocation, CRL, OCSP, expiry warnings, renewal. */
    public LifecycleSettings lifecycleSettings() {
        return lifecycle;
    }

    private WorkerNeeds worker() {
        if (worker == null) {
            throw new IllegalStateException("only a worker's configuration (WorkerConfig.forWorker) holds this");
        }
        return worker;
    }

    private WorkerNeeds resolveWorkerNeeds() {
        if (issuer == IssuerKind.ATLAS) {
            checkAtlasCredentials();
        }
        return new WorkerNeeds(resolveKeyEncryptionKey(), resolveRootCaSource(),
                caKeysInToken() && issuer == IssuerKind.INTERNAL_CA ? resolvePkcs11Settings() : null,
                Secrets.read(this, ATLAS_CLIENT_SECRET, ATLAS_CLIENT_SECRET_FILE),
                Secrets.read(this, ATLAS_PRIVATE_KEY, ATLAS_PRIVATE_KEY_FILE));
    }

    /**
     * How to reach the PKCS#11 token, read and checked now (the PIN file read): for commands that use the token
     * without running a worker ({@code ca init-root}).
     *
     * @throws ConfigException naming what is missing or wrong
     */
    public Pkcs11Settings readPkcs11Settings() {
        return resolvePkcs11Settings();
    }

    private Pkcs11Settings resolvePkcs11Settings() {
        String library = getString(CA_PKCS11_LIBRARY);
        if (library.isBlank()) {
            throw new ConfigException("Set " + CA_PKCS11_LIBRARY + " to the path of the HSM's PKCS#11 library ("
                    + CA_KEY_STORE + "=pkcs11).");
        }
        String label = getString(CA_PKCS11_TOKEN_LABEL);
        long slot = getLong(CA_PKCS11_SLOT);
        if (label.isBlank() == (slot < 0)) {
            throw new ConfigException("Set either " + CA_PKCS11_TOKEN_LABEL + " or " + CA_PKCS11_SLOT + " ("
                    + CA_KEY_STORE + "=pkcs11), not " + (label.isBlank() ? "neither." : "both."));
        }
        if (!KeyAlgorithm.parse(getString(CA_KEY_ALGORITHM)).isRsa()) {
            throw new ConfigException(CA_KEY_ALGORITHM, getString(CA_KEY_ALGORITHM), "must be RSA-2048, RSA-3072 or "
                    + "RSA-4096 with " + CA_KEY_STORE + "=pkcs11: a certificate finished again after a crash must be "
                    + "the one begun, and a token's ECDSA signatures are not deterministic (docs/hsm.md)");
        }
        String pin = Secrets.read(this, CA_PKCS11_PIN, CA_PKCS11_PIN_FILE).orElseThrow(() -> new ConfigException(
                "Set " + CA_PKCS11_PIN + " (or " + CA_PKCS11_PIN_FILE + ") to the token's user PIN."));
        return new Pkcs11Settings(Path.of(library), label.isBlank() ? null : label, slot, pin.toCharArray(),
                Duration.ofMillis(getLong(CA_PKCS11_PROBE_INTERVAL_MS)));
    }

    private KeyEncryptionKey resolveKeyEncryptionKey() {
        Optional<String> value = Secrets.read(this, KEY_ENCRYPTION_KEY, KEY_ENCRYPTION_KEY_FILE);
        if (value.isEmpty()) {
            if (issuer == IssuerKind.ATLAS) {
                return null; // Atlas makes the keys: the worker keeps none
            }
            throw new ConfigException("The internal CA needs a key-encryption key to protect the keys it keeps while "
                    + "minting: set " + KEY_ENCRYPTION_KEY + " or " + KEY_ENCRYPTION_KEY_FILE + " to base64 of 32 random "
                    + "bytes (for example: head -c 32 /dev/urandom | base64).");
        }
        try {
            return KeyEncryptionKey.fromBase64(value.get());
        } catch (IllegalArgumentException e) {
            String source = Secrets.source(this, KEY_ENCRYPTION_KEY, KEY_ENCRYPTION_KEY_FILE);
            throw new ConfigException(source.equals(KEY_ENCRYPTION_KEY) ? source
                    : source + " " + getString(KEY_ENCRYPTION_KEY_FILE), "(hidden)", e.getMessage());
        }
    }

    private RootCaSource resolveRootCaSource() {
        if (caKeysInToken() && issuer == IssuerKind.INTERNAL_CA) {
            if (!getString(CA_ROOT_CERTIFICATE_FILE).isBlank() || !getString(CA_ROOT_PKCS12_FILE).isBlank()) {
                throw new ConfigException("With " + CA_KEY_STORE + "=pkcs11 the root is the key entry "
                        + CA_PKCS11_ROOT_LABEL + " in the token: unset " + CA_ROOT_CERTIFICATE_FILE + ", "
                        + CA_ROOT_PRIVATE_KEY_FILE + " and " + CA_ROOT_PKCS12_FILE + ".");
            }
            return new RootCaSource.InToken(getString(CA_PKCS11_ROOT_LABEL));
        }
        if (!getString(CA_ROOT_PKCS12_FILE).isBlank()) {
            char[] password = Secrets.read(this, CA_ROOT_PKCS12_PASSWORD, CA_ROOT_PKCS12_PASSWORD_FILE).orElse("")
                    .toCharArray();
            return new RootCaSource.Pkcs12(Path.of(getString(CA_ROOT_PKCS12_FILE)), password);
        }
        if (!getString(CA_ROOT_CERTIFICATE_FILE).isBlank()) {
            return new RootCaSource.PemFiles(Path.of(getString(CA_ROOT_CERTIFICATE_FILE)),
                    Path.of(getString(CA_ROOT_PRIVATE_KEY_FILE)));
        }
        if (!getBoolean(CA_ROOT_GENERATE) && issuer == IssuerKind.INTERNAL_CA) {
            throw new ConfigException("The internal CA needs a root: set " + CA_ROOT_CERTIFICATE_FILE + " and "
                    + CA_ROOT_PRIVATE_KEY_FILE + " (or " + CA_ROOT_PKCS12_FILE + "), or " + CA_ROOT_GENERATE
                    + "=true to generate one in " + getString(CA_DIR) + "/root.");
        }
        return new RootCaSource.GeneratedIn(caDirectory().resolve("root"));
    }

    /** The root's settings must not contradict each other: PEM files or a keystore, not both, and both PEM files. */
    private void checkRootSettings() {
        boolean pem = !getString(CA_ROOT_CERTIFICATE_FILE).isBlank() || !getString(CA_ROOT_PRIVATE_KEY_FILE).isBlank();
        boolean pkcs12 = !getString(CA_ROOT_PKCS12_FILE).isBlank();
        if (pem && pkcs12) {
            throw new ConfigException("Set either " + CA_ROOT_PKCS12_FILE + " or the two PEM files ("
                    + CA_ROOT_CERTIFICATE_FILE + ", " + CA_ROOT_PRIVATE_KEY_FILE + "), not both.");
        }
        if (pem && (getString(CA_ROOT_CERTIFICATE_FILE).isBlank() || getString(CA_ROOT_PRIVATE_KEY_FILE).isBlank())) {
            throw new ConfigException("Set both " + CA_ROOT_CERTIFICATE_FILE + " and " + CA_ROOT_PRIVATE_KEY_FILE + ".");
        }
    }

    private void checkAtlasCredentialsAreNotBoth() {
        if (atlasClientId().isPresent() && atlasPublicKey().isPresent()) {
            throw new ConfigException(atlasCredentialsChoice() + "not both.");
        }
    }

    private void checkAtlasCredentials() {
        if (atlasClientId().isEmpty() && atlasPublicKey().isEmpty()) {
            throw new ConfigException(atlasCredentialsChoice() + "not neither.");
        }
        if (atlasClientId().isPresent() && Secrets.read(this, ATLAS_CLIENT_SECRET, ATLAS_CLIENT_SECRET_FILE).isEmpty()) {
            throw new ConfigException("Set " + ATLAS_CLIENT_SECRET + " (or " + ATLAS_CLIENT_SECRET_FILE + ").");
        }
        if (atlasPublicKey().isPresent() && Secrets.read(this, ATLAS_PRIVATE_KEY, ATLAS_PRIVATE_KEY_FILE).isEmpty()) {
            throw new ConfigException("Set " + ATLAS_PRIVATE_KEY + " (or " + ATLAS_PRIVATE_KEY_FILE + ").");
        }
    }

    private static String atlasCredentialsChoice() {
        return "The Atlas issuer needs either a service account (" + ATLAS_CLIENT_ID + " and " + ATLAS_CLIENT_SECRET
                + " or " + ATLAS_CLIENT_SECRET_FILE + ") or an API key pair (" + ATLAS_PUBLIC_KEY + " and "
                + ATLAS_PRIVATE_KEY + " or " + ATLAS_PRIVATE_KEY_FILE + "), ";
    }

    private URI parseAtlasBaseUrl() {
        String configured = getString(ATLAS_BASE_URL);
        try {
            URI uri = new URI(configured.replaceAll("/+$", ""));
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(configured, "needs a scheme and a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(ATLAS_BASE_URL, configured, e.getMessage());
        }
    }

    private static Optional<String> nonBlank(String value) {
        return value.isBlank() ? Optional.empty() : Optional.of(value);
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

    private static ConfigDef.Validator logLevels() {
        List<String> levels = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
        return (name, value) -> {
            if (!levels.contains(String.valueOf(value).trim().toUpperCase(Locale.ROOT))) {
                throw new ConfigException(name, value, "must be one of " + String.join(", ", levels));
            }
        };
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
