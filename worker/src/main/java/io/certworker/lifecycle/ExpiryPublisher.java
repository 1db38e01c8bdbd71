package io.certworker.lifecycle;

import io.certworker.contracts.CertificateExpiring;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.SchemaVersion;
import io.certworker.kafka.KafkaClients;
import io.certworker.kafka.TransactionEnd;
import io.certworker.revocation.CertificateRecord;
import io.certworker.revocation.ExpiryWarnings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the expiry warnings of one lifecycle partition at a time, each in one transaction with its marker, by a
 * transactional producer whose id belongs to the partition ({@code <group.id>-lifecycle-<partition>}). A new owner's
 * producer fences the previous owner's when it is initialized, and the markers are read only after that: every
 * warning the previous owner committed is seen, and it can commit no more. So no warning is published twice. Used by
 * the owner's thread only.
 */
final class ExpiryPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryPublisher.class);
    private static final Logger OUTCOMES = LoggerFactory.getLogger("io.certworker.outcomes");

    private final String expiringTopic;
    private final String transactionalIdPrefix;
    private final KafkaClients clients;
    private final ExpiryMarkers markers;
    private final LifecycleMetrics metrics;
    private final Consumer<CompletableFuture<Void>> await;
    private final BooleanSupplier running;
    private final EventCodec codec = EventCodec.instance();
    private final Map<Integer, Producer<byte[], byte[]>> producers = new HashMap<>();

    /**
     * @param transactionalIdPrefix the producers' ids are this and the partition
     * @param await                 waits (bounded) for a read of a topic to its end
     * @param running               false once the worker is stopping: a commit is not retried then
     */
    ExpiryPublisher(String expiringTopic, String transactionalIdPrefix, KafkaClients clients, ExpiryMarkers markers,
                    LifecycleMetrics metrics, Consumer<CompletableFuture<Void>> await,
                    BooleanSupplier running) {
        this.expiringTopic = expiringTopic;
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.clients = clients;
        this.markers = markers;
        this.metrics = metrics;
        this.await = await;
        this.running = running;
    }

    /**
     * Publishes the warnings due in {@code partition} that were not published before, and tombstones the markers of
     * certificates expired before {@code forgetBefore}, in one transaction.
     */
    void publish(int partition, List<CertificateRecord> due, Instant forgetBefore, Instant now) {
        Producer<byte[], byte[]> producer;
        try {
            producer = producerFor(partition);
        } catch (KafkaException e) {
            LOG.warn("Cannot take over the expiry warnings of partition {}: {}", partition, e.toString());
            return;
        }
        await.accept(markers.sync()); // only now: after the producer fenced the partition's previous owner
        List<CertificateRecord> warnings = due.stream().filter(c -> !markers.warned(c.ledgerKey())).toList();
        List<String> forgotten = markers.expiredBefore(partition, forgetBefore);
        if (warnings.isEmpty() && forgotten.isEmpty()) {
            return;
        }
        List<ProducerRecord<byte[], byte[]>> written = new ArrayList<>();
        try {
            producer.beginTransaction();
            for (CertificateRecord certificate : warnings) {
                CertificateExpiring event = new CertificateExpiring(SchemaVersion.CURRENT, certificate.groupId(),
                        certificate.username(), certificate.serial().toString(), certificate.notAfter(),
                        ExpiryWarnings.daysLeft(certificate, now), certificate.issuer());
                producer.send(new ProducerRecord<>(expiringTopic,
                        certificate.userKey().getBytes(StandardCharsets.UTF_8), codec.encode(event)));
                written.add(markers.marker(partition, certificate.ledgerKey(), certificate.notAfter(), now));
            }
            forgotten.forEach(key -> written.add(markers.tombstone(partition, key)));
            written.forEach(producer::send);
            TransactionEnd.commit(producer, running);
        } catch (ProducerFencedException e) {
            LOG.info("Partition {} of the expiry warnings has another owner now", partition);
            release(partition);
            return;
        } catch (KafkaException e) {
            LOG.warn("Aborted {} expiry warnings of partition {}; the next pass tries again: {}", warnings.size(),
                    partition, e.toString());
            try {
                TransactionEnd.abort(producer, running);
            } catch (KafkaException | IllegalStateException abortFailed) {
                release(partition);
            }
            return;
        }
        written.forEach(markers::published);
        metrics.expiryWarnings(warnings.size());
        for (CertificateRecord certificate : warnings) {
            OUTCOMES.info("groupId={} serial={} outcome=expiry-warning notAfter={} daysLeft={}",
                    certificate.groupId(), certificate.serial(), certificate.notAfter(),
                    ExpiryWarnings.daysLeft(certificate, now));
        }
    }

    /** The partition is no longer this instance's: its producer goes. */
    void release(int partition) {
        Producer<byte[], byte[]> producer = producers.remove(partition);
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private Producer<byte[], byte[]> producerFor(int partition) {
        Producer<byte[], byte[]> producer = producers.get(partition);
        if (producer == null) {
            producer = clients.transactionalProducer(transactionalIdPrefix + partition);
            try {
                producer.initTransactions();
            } catch (KafkaException e) {
                producer.close(Duration.ZERO);
                throw e;
            }
            producers.put(partition, producer);
        }
        return producer;
    }

    @Override
    public void close() {
        List.copyOf(producers.keySet()).forEach(this::release);
    }
}
