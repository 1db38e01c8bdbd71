package io.certworker.lifecycle;

import io.certworker.contracts.CertificateExpiring;
import io.certworker.contracts.DatabaseUser;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.RevocationReason;
import io.certworker.contracts.RevocationRequest;
import io.certworker.contracts.SchemaVersion;
import io.certworker.contracts.X509Type;
import io.certworker.directory.KafkaUserDirectory;
import io.certworker.kafka.KafkaClients;
import io.certworker.kafka.TransactionEnd;
import io.certworker.ledger.KafkaLedger;
import io.certworker.revocation.CertificateRecord;
import io.certworker.revocation.CertificateTable;
import io.certworker.revocation.ExpiryWarnings;
import io.certworker.revocation.WorkerRequestIds;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to certificates with time and with their users, done once, by one owner per user. Users are divided
 * among the partitions of {@code cert-lifecycle-state} by their key (murmur2, as Kafka's producers partition); the
 * partitions are divided among the worker instances by a consumer group of their own ({@code <group.id>-lifecycle}).
 * For the users of the partitions it owns, an instance:
 * <ul>
 *   <li><b>revokes the certificates of removed users</b> (revoke.on.user.delete): a certificate of the internal CA,
 *       unexpired and not revoked, whose user is absent from {@code db-users} or not {@code MANAGED}, gets a
 *       revocation request on {@code cert-revocations} (reason cessationOfOperation, requestId
 *       {@code worker:user-removed:<groupId>:<serial>}), answered by the loop like any other. It looks when a user
 *       changes and when a certificate appears (one issued while its user was being deleted), after reading the users
 *       topic to its end, and never while the directory is not caught up or is empty;
 *   <li><b>revokes superseded certificates</b> (revoke.superseded.after): a certificate renewed by another issued
 *       longer ago than the grace period (reason superseded);
 *   <li><b>warns of expiry</b>: one {@code cert-expiring} event per certificate, in one transaction with its marker in
 *       {@code cert-lifecycle-state}, by a transactional producer whose id belongs to the partition
 *       ({@code <group.id>-lifecycle-<partition>}): a new owner's producer fences the previous owner's, and reads the
 *       markers only after that, so no warning is ever published twice.
 * </ul>
 * A revocation asked twice (by two owners during a rebalance) has the same requestId and ends in one revocation: the
 * second finds the certificate revoked and publishes nothing.
 */
public final class LifecycleOwner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleOwner.class);
    private static final Logger OUTCOMES = LoggerFactory.getLogger("io.certworker.outcomes");
    private static final Duration POLL = Duration.ofMillis(200);
    /** A revocation asked for is asked again after this if the certificate is still not revoked (one lost, say). */
    private static final Duration ASK_AGAIN_AFTER = Duration.ofMinutes(5);
    /** Certificates are issued an hour after their notBefore (Atlas's rule). */
    private static final Duration NOT_BEFORE_MARGIN = Duration.ofHours(1);

    private final LifecycleSettings settings;
    private final String ownersGroup;
    private final String transactionalIdPrefix;
    private final KafkaClients clients;
    private final CertificateTable table;
    private final KafkaUserDirectory directory;
    private final KafkaLedger ledger;
    private final ExpiryMarkers markers;
    private final LifecycleMetrics metrics;
    private final ExpiryGauges gauges;
    private final Clock clock;
    private final Duration syncTimeout;
    private final Producer<byte[], byte[]> requests;
    private final EventCodec codec = EventCodec.instance();
    private final Set<String> changedUsers = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> asked = new ConcurrentHashMap<>();
    /** Partition → its transactional producer; used by the owner's thread only. */
    private final Map<Integer, Producer<byte[], byte[]>> producers = new HashMap<>();
    private final Set<Integer> newlyOwned = ConcurrentHashMap.newKeySet();
    private volatile Set<Integer> owned = Set.of();
    private volatile int partitionCount;
    private volatile boolean running = true;
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile boolean warnedEmptyDirectory;
    private final Thread thread;

    /**
     * @param workerGroup the worker's consumer group ({@code group.id}): the owners' group and the transactional ids
     *                    are named after it
     * @param syncTimeout how long a pass may wait for the users topic and the ledger to be read to their ends
     */
    public LifecycleOwner(LifecycleSettings settings, String workerGroup, KafkaClients clients,
                          CertificateTable table, KafkaUserDirectory directory, KafkaLedger ledger,
                          LifecycleMetrics metrics, ExpiryGauges gauges, Clock clock, Duration syncTimeout) {
        this.settings = settings;
        this.ownersGroup = workerGroup + "-lifecycle";
        this.transactionalIdPrefix = workerGroup + "-lifecycle-";
        this.clients = clients;
        this.table = table;
        this.directory = directory;
        this.ledger = ledger;
        this.metrics = metrics;
        this.gauges = gauges;
        this.clock = clock;
        this.syncTimeout = syncTimeout;
        this.markers = new ExpiryMarkers(clients::readerConsumer, settings.topics().lifecycleState());
        this.requests = clients.producer();
        this.thread = new Thread(this::run, "lifecycle-owner");
        this.thread.setDaemon(true);
        // A user that changes, and a certificate that appears, may mean a removed user's certificate to revoke.
        directory.addListener(changedUsers::add);
        table.addListener(certificate -> changedUsers.add(certificate.userKey()));
    }

    /** Reads the markers of published warnings to their end, then starts looking after the owned users. */
    public void start(Duration timeout) throws InterruptedException, TimeoutException {
        markers.start(timeout);
        thread.start();
    }

    private void run() {
        Instant nextFullPass = Instant.MIN;
        try (Consumer<byte[], byte[]> owners = clients.requestConsumer(ownersGroup, 1)) {
            consumer = owners;
            List<PartitionInfo> infos = owners.partitionsFor(settings.topics().lifecycleState(), Duration.ofSeconds(30));
            partitionCount = infos.size();
            owners.subscribe(List.of(settings.topics().lifecycleState()), new Ownership(owners));
            while (running) {
                owners.poll(POLL); // only to stay in the group: the partitions are paused, nothing is fetched
                Instant now = clock.instant();
                try {
                    if (!newlyOwned.isEmpty() || !now.isBefore(nextFullPass)) {
                        newlyOwned.clear();
                        changedUsers.clear();
                        fullPass(now);
                        gauges.prune();
                        nextFullPass = now.plus(settings.checkInterval());
                    } else if (!changedUsers.isEmpty()) {
                        List<String> users = new ArrayList<>(changedUsers);
                        changedUsers.removeAll(users);
                        usersPass(users, now);
                    }
                } catch (RuntimeException e) {
                    LOG.error("A lifecycle pass failed; the next one tries again", e);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("The lifecycle owner stopped: no expiry warnings or revocations of removed users until a "
                        + "restart", e);
            }
        } finally {
            producers.values().forEach(producer -> producer.close(Duration.ofSeconds(5)));
            producers.clear();
        }
    }

    /** Everything due for the users of the owned partitions. */
    private void fullPass(Instant now) {
        if (!caughtUp()) {
            return;
        }
        sync(directory.sync());
        sync(ledger.sync());
        Set<Integer> mine = owned;
        asked.values().removeIf(at -> at.plus(ASK_AGAIN_AFTER).isBefore(now));
        Map<Integer, List<CertificateRecord>> warnings = new HashMap<>();
        table.forEach(certificate -> {
            int partition = partitionOf(certificate.userKey());
            if (!mine.contains(partition)) {
                return;
            }
            revokeIfUserRemoved(certificate, now);
            revokeIfSuperseded(certificate, now);
            if (settings.expiryWarnings().due(certificate, now) && !markers.warned(certificate.ledgerKey())) {
                warnings.computeIfAbsent(partition, p -> new ArrayList<>()).add(certificate);
            }
        });
        Set<Integer> partitions = new HashSet<>(warnings.keySet());
        Instant forgetBefore = now.minus(settings.crl().ledgerRetention());
        for (int partition : mine) {
            if (!markers.expiredBefore(partition, forgetBefore).isEmpty()) {
                partitions.add(partition);
            }
        }
        for (int partition : partitions) {
            publishWarnings(partition, warnings.getOrDefault(partition, List.of()), forgetBefore, now);
        }
    }

    /** The certificates of users that changed, or got a certificate: are they removed users'? */
    private void usersPass(Collection<String> users, Instant now) {
        if (!settings.revokeOnUserDelete() || !caughtUp()) {
            return;
        }
        sync(directory.sync()); // a certificate may be newer than what the directory has read so far
        Set<Integer> mine = owned;
        for (String user : users) {
            if (mine.contains(partitionOf(user))) {
                table.certificatesOf(user).forEach(certificate -> revokeIfUserRemoved(certificate, now));
            }
        }
    }

    private void revokeIfUserRemoved(CertificateRecord certificate, Instant now) {
        if (!settings.revokeOnUserDelete() || !revocable(certificate, now)) {
            return;
        }
        if (directory.size() == 0) {
            // An empty users topic is far more likely a wrong topic name than every user deleted.
            if (!warnedEmptyDirectory) {
                warnedEmptyDirectory = true;
                LOG.warn("The users topic is empty while the ledger holds certificates: no certificate is revoked for "
                        + "a removed user until it holds users again");
            }
            return;
        }
        Optional<DatabaseUser> user = directory.current(certificate.groupId(), certificate.username());
        if (user.isPresent() && user.get().x509TypeOrDefault() == X509Type.MANAGED) {
            return;
        }
        ask(certificate, WorkerRequestIds.userRemoved(certificate.groupId(), certificate.serial()),
                RevocationReason.CESSATION_OF_OPERATION, user.isEmpty() ? "its user was deleted"
                        : "its user is no longer MANAGED");
    }

    private void revokeIfSuperseded(CertificateRecord renewal, Instant now) {
        Optional<Duration> grace = settings.revokeSupersededAfter();
        if (grace.isEmpty() || renewal.renewalOf() == null || renewal.revoked() || renewal.createdAt() == null
                || now.isBefore(renewal.createdAt().plus(NOT_BEFORE_MARGIN).plus(grace.get()))) {
            return;
        }
        BigInteger renewed;
        try {
            renewed = new BigInteger(renewal.renewalOf());
        } catch (NumberFormatException e) {
            return;
        }
        table.find(renewal.groupId(), renewal.username(), renewed)
                .filter(old -> revocable(old, now))
                .ifPresent(old -> ask(old, WorkerRequestIds.superseded(old.groupId(), old.serial()),
                        RevocationReason.SUPERSEDED, "certificate " + renewal.serial() + " renewed it"));
    }

    private static boolean revocable(CertificateRecord certificate, Instant now) {
        return certificate.issuedByInternalCa() && !certificate.revoked() && !certificate.expiredAt(now);
    }

    /** Asks for a revocation on the revocations topic, keyed by the user so that the loop answers it in order. */
    private void ask(CertificateRecord certificate, String requestId, RevocationReason reason, String why) {
        Instant now = clock.instant();
        Instant before = asked.get(certificate.ledgerKey());
        if (before != null && before.plus(ASK_AGAIN_AFTER).isAfter(now)) {
            return;
        }
        asked.put(certificate.ledgerKey(), now);
        RevocationRequest request = RevocationRequest.of(requestId, certificate.groupId(), certificate.username(),
                certificate.serial().toString(), reason);
        requests.send(new ProducerRecord<>(settings.topics().revocations(),
                certificate.userKey().getBytes(StandardCharsets.UTF_8), codec.encode(request)), (metadata, failure) -> {
                    if (failure != null) {
                        asked.remove(certificate.ledgerKey());
                        LOG.warn("Cannot ask for the revocation of {} ({}): {}", certificate.serial(), why,
                                failure.toString());
                    }
                });
        LOG.info("Asked for the revocation of certificate {} of group {} ({}, reason {})", certificate.serial(),
                certificate.groupId(), why, reason.wireName());
    }

    /** The warnings of one partition, with their markers, in one transaction of the partition's producer. */
    private void publishWarnings(int partition, List<CertificateRecord> due, Instant forgetBefore, Instant now) {
        Producer<byte[], byte[]> producer;
        try {
            producer = producerFor(partition);
        } catch (KafkaException e) {
            LOG.warn("Cannot take over the expiry warnings of partition {}: {}", partition, e.toString());
            return;
        }
        // Read the markers only now: the producer's initialization has fenced the partition's previous owner, so
        // every warning it published is visible here, and it can publish no more.
        sync(markers.sync());
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
                producer.send(new ProducerRecord<>(settings.topics().expiring(),
                        certificate.userKey().getBytes(StandardCharsets.UTF_8), codec.encode(event)));
                written.add(markers.marker(partition, certificate.ledgerKey(), certificate.notAfter(), now));
            }
            forgotten.forEach(key -> written.add(markers.tombstone(partition, key)));
            written.forEach(producer::send);
            TransactionEnd.commit(producer, () -> running);
        } catch (ProducerFencedException e) {
            LOG.info("Partition {} of the expiry warnings has another owner now", partition);
            closeProducer(partition);
            return;
        } catch (KafkaException e) {
            LOG.warn("Aborted {} expiry warnings of partition {}; the next pass tries again: {}", warnings.size(),
                    partition, e.toString());
            try {
                TransactionEnd.abort(producer, () -> running);
            } catch (KafkaException | IllegalStateException abortFailed) {
                closeProducer(partition);
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

    private void closeProducer(int partition) {
        Producer<byte[], byte[]> producer = producers.remove(partition);
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private boolean caughtUp() {
        return directory.isCaughtUp() && ledger.isCaughtUp() && markers.isCaughtUp();
    }

    private void sync(CompletableFuture<Void> sync) {
        try {
            sync.get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Not read to the end in time: act on what is known, which only delays a revocation or a warning.
        }
    }

    /** The partition of {@code cert-lifecycle-state} a user belongs to: murmur2 of its key, as Kafka partitions. */
    int partitionOf(String userKey) {
        return Utils.toPositive(Utils.murmur2(userKey.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    @Override
    public void close() {
        running = false;
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        requests.close(Duration.ofSeconds(5));
        markers.close();
    }

    private final class Ownership implements ConsumerRebalanceListener {
        private final Consumer<byte[], byte[]> owners;

        Ownership(Consumer<byte[], byte[]> owners) {
            this.owners = owners;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            owners.pause(partitions);
            Set<Integer> now = new HashSet<>(owned);
            partitions.forEach(partition -> now.add(partition.partition()));
            owned = Set.copyOf(now);
            partitions.forEach(partition -> newlyOwned.add(partition.partition()));
            if (!partitions.isEmpty()) {
                LOG.info("Looking after the certificates of lifecycle partitions {}", owned);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            release(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            release(partitions);
        }

        private void release(Collection<TopicPartition> partitions) {
            Set<Integer> now = new HashSet<>(owned);
            partitions.forEach(partition -> {
                now.remove(partition.partition());
                closeProducer(partition.partition());
            });
            owned = Set.copyOf(now);
        }
    }
}
