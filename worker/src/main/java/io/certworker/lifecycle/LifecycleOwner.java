package io.certworker.lifecycle;

import io.certworker.directory.KafkaUserDirectory;
import io.certworker.kafka.KafkaClients;
import io.certworker.ledger.KafkaLedger;
import io.certworker.revocation.CertificateRecord;
import io.certworker.revocation.CertificateTable;
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
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
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
 * second finds the certificate revoked and publishes nothing. This class owns the partitions and decides when to
 * look; {@link RevocationAsks} asks for revocations and {@link ExpiryPublisher} publishes warnings.
 */
public final class LifecycleOwner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleOwner.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final LifecycleSettings settings;
    private final String ownersGroup;
    private final KafkaClients clients;
    private final CertificateTable table;
    private final KafkaUserDirectory directory;
    private final KafkaLedger ledger;
    private final ExpiryMarkers markers;
    private final ExpiryGauges gauges;
    private final ExpiryPublisher warnings;
    private final RevocationAsks revocations;
    private final Clock clock;
    private final Duration syncTimeout;
    private final Set<String> changedUsers = ConcurrentHashMap.newKeySet();
    private final Set<Integer> newlyOwned = ConcurrentHashMap.newKeySet();
    private volatile Set<Integer> owned = Set.of();
    private volatile int partitionCount;
    private volatile boolean running = true;
    private volatile Consumer<byte[], byte[]> consumer;
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
        this.clients = clients;
        this.table = table;
        this.directory = directory;
        this.ledger = ledger;
        this.gauges = gauges;
        this.clock = clock;
        this.syncTimeout = syncTimeout;
        this.markers = new ExpiryMarkers(clients::readerConsumer, settings.topics().lifecycleState());
        this.warnings = new ExpiryPublisher(settings.topics().expiring(), workerGroup + "-lifecycle-", clients,
                markers, metrics, this::await, () -> running);
        this.revocations = new RevocationAsks(settings, table, directory, clients.producer(), clock);
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
        // A dynamic member: ownership moves on every restart, which costs a pass, not a request's latency.
        try (Consumer<byte[], byte[]> owners = clients.requestConsumer(ownersGroup, Optional.empty(), 1)) {
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
            warnings.close();
        }
    }

    /** Everything due for the users of the owned partitions. */
    private void fullPass(Instant now) {
        if (!caughtUp()) {
            return;
        }
        await(directory.sync());
        await(ledger.sync());
        Set<Integer> mine = owned;
        revocations.forgetOld(now);
        Map<Integer, List<CertificateRecord>> due = new HashMap<>();
        table.forEach(certificate -> {
            int partition = partitionOf(certificate.userKey());
            if (!mine.contains(partition)) {
                return;
            }
            revocations.ifUserRemoved(certificate, now);
            revocations.ifSuperseded(certificate, now);
            if (settings.expiryWarnings().due(certificate, now) && !markers.warned(certificate.ledgerKey())) {
                due.computeIfAbsent(partition, p -> new ArrayList<>()).add(certificate);
            }
        });
        Set<Integer> partitions = new HashSet<>(due.keySet());
        Instant forgetBefore = now.minus(settings.crl().ledgerRetention());
        for (int partition : mine) {
            if (!markers.expiredBefore(partition, forgetBefore).isEmpty()) {
                partitions.add(partition);
            }
        }
        for (int partition : partitions) {
            warnings.publish(partition, due.getOrDefault(partition, List.of()), forgetBefore, now);
        }
    }

    /** The certificates of users that changed, or got a certificate: are they removed users'? */
    private void usersPass(Collection<String> users, Instant now) {
        if (!settings.revokeOnUserDelete() || !caughtUp()) {
            return;
        }
        await(directory.sync()); // a certificate may be newer than what the directory has read so far
        Set<Integer> mine = owned;
        for (String user : users) {
            if (mine.contains(partitionOf(user))) {
                table.certificatesOf(user).forEach(certificate -> revocations.ifUserRemoved(certificate, now));
            }
        }
    }

    private boolean caughtUp() {
        return directory.isCaughtUp() && ledger.isCaughtUp() && markers.isCaughtUp();
    }

    private void await(CompletableFuture<Void> sync) {
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
        revocations.close();
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
                warnings.release(partition.partition());
            });
            owned = Set.copyOf(now);
        }
    }
}
