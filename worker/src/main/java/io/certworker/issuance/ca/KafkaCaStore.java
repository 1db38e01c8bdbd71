package io.certworker.issuance.ca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.certworker.apierror.ErrorCode;
import io.certworker.issuance.PermanentIssuanceFault;
import io.certworker.kafka.TopicTail;
import io.certworker.secrets.KeyEncryptionKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-project CAs in a Kafka topic, shared by every worker instance with nothing else in common. Each record holds a
 * CA certificate and its private key wrapped with AES-256-GCM under the key-encryption key (bound to the project), or,
 * for a CA whose key is in a PKCS#11 token, the key's label there ({@code tokenKeyLabel}) and no key material.
 *
 * <p>First writer wins: every instance reads the whole topic (one partition, so one order for all) and takes, for
 * each project, the first record in it. An instance that needs a CA no one has written yet writes its own, reads the
 * topic up to past that record, and uses whichever came first; a losing candidate stays in the topic, unused. Records
 * have keys of their own ({@code groupId/uuid}) so that compaction can never replace the winner with a loser.
 */
final class KafkaCaStore implements GroupCaStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCaStore.class);

    private final String topic;
    private final Producer<byte[], byte[]> producer;
    private final KeyEncryptionKey kek;
    private final Duration timeout;
    private final Clock clock;
    private final TopicTail tail;
    private final ObjectMapper json = new ObjectMapper();
    /** The first record of each project: a usable CA, or why it cannot be used. */
    private final Map<String, Entry> firstByGroup = new ConcurrentHashMap<>();

    /** A project's first CA: usable, or the fault that makes it unusable here. */
    private record Entry(StoredCa ca, Supplier<PermanentIssuanceFault> fault) {
    }

    KafkaCaStore(Supplier<Consumer<byte[], byte[]>> consumers, Producer<byte[], byte[]> producer, String topic,
                 KeyEncryptionKey kek, Duration timeout, Clock clock) {
        this.topic = topic;
        this.producer = producer;
        this.kek = kek;
        this.timeout = timeout;
        this.clock = clock;
        this.tail = new TopicTail(consumers, topic, this::apply);
    }

    /** Starts reading the topic and waits until it has been read to its end. */
    void start() throws InterruptedException, TimeoutException {
        tail.start();
        tail.awaitCaughtUp(timeout);
        LOG.info("CA store caught up: {} project CAs in {}", firstByGroup.size(), topic);
    }

    @Override
    public Optional<StoredCa> load(String groupId) {
        Entry entry = firstByGroup.get(groupId);
        if (entry == null) {
            awaitSync();
            entry = firstByGroup.get(groupId);
        }
        return Optional.ofNullable(entry).map(found -> usable(groupId, found));
    }

    @Override
    public StoredCa storeIfAbsent(String groupId, StoredCa candidate) {
        ObjectNode value = json.createObjectNode()
                .put("schemaVersion", 1)
                .put("groupId", groupId)
                .put("certificatePem", Pem.certificate(candidate.certificate()));
        if (candidate.keyInToken()) {
            value.put("tokenKeyLabel", candidate.tokenKeyLabel());
        } else {
            value.put("wrappedPrivateKey", kek.wrap(candidate.privateKey().getEncoded(), aad(groupId)))
                    .put("keyEncryptionKeyId", kek.id());
        }
        value.put("createdAt", clock.instant().toString());
        try {
            producer.send(new ProducerRecord<>(topic, (groupId + "/" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8),
                    json.writeValueAsBytes(value))).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing the CA of " + groupId, e);
        } catch (ExecutionException | TimeoutException | IOException e) {
            throw new IllegalStateException("cannot store the CA of " + groupId + " in " + topic + ": " + e.getMessage(), e);
        }
        awaitSync();
        Entry winner = firstByGroup.get(groupId);
        if (winner == null) {
            throw new IllegalStateException("the CA of " + groupId + " was written to " + topic + " but not read back");
        }
        return usable(groupId, winner);
    }

    @Override
    public void close() {
        tail.close();
        producer.close(Duration.ofSeconds(5));
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            JsonNode value = json.readTree(record.value());
            String groupId = value.path("groupId").asText(null);
            if (groupId == null || firstByGroup.containsKey(groupId)) {
                return; // not a CA, or a later candidate: the first one stands
            }
            firstByGroup.put(groupId, read(groupId, value));
        } catch (IOException e) {
            LOG.warn("Skipping an unreadable record of {} at offset {}", topic, record.offset());
        }
    }

    private Entry read(String groupId, JsonNode value) {
        String tokenKeyLabel = value.path("tokenKeyLabel").asText("");
        if (!tokenKeyLabel.isEmpty()) {
            try {
                return new Entry(StoredCa.inToken(PemFiles.certificates(value.path("certificatePem").asText("")).get(0),
                        tokenKeyLabel), null);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                String problem = e.getMessage();
                return new Entry(null, () -> new PermanentIssuanceFault(ErrorCode.PROJECT_CA_UNREADABLE, groupId,
                        problem));
            }
        }
        String kekId = value.path("keyEncryptionKeyId").asText("");
        if (!kekId.equals(kek.id())) {
            return new Entry(null, () -> new PermanentIssuanceFault(ErrorCode.KEY_ENCRYPTION_KEY_MISMATCH, groupId,
                    kekId, kek.id()));
        }
        try {
            List<X509CertificateHolder> certificates = PemFiles.certificates(value.path("certificatePem").asText(""));
            byte[] pkcs8 = kek.unwrap(value.path("wrappedPrivateKey").asText(""), aad(groupId));
            String family = certificates.get(0).getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm()
                    .equals(X9ObjectIdentifiers.id_ecPublicKey) ? "EC" : "RSA";
            return new Entry(new StoredCa(certificates.get(0),
                    KeyFactory.getInstance(family, BouncyCastle.PROVIDER).generatePrivate(new PKCS8EncodedKeySpec(pkcs8))),
                    null);
        } catch (GeneralSecurityException | IllegalArgumentException | IndexOutOfBoundsException e) {
            String problem = e.getMessage();
            return new Entry(null, () -> new PermanentIssuanceFault(ErrorCode.PROJECT_CA_UNREADABLE, groupId, problem));
        }
    }

    private StoredCa usable(String groupId, Entry entry) {
        if (entry.ca() == null) {
            throw entry.fault().get();
        }
        return entry.ca();
    }

    private void awaitSync() {
        try {
            tail.sync().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read " + topic + " to its end within " + timeout, e);
        }
    }

    private static String aad(String groupId) {
        return "cert-worker project CA " + groupId;
    }
}
