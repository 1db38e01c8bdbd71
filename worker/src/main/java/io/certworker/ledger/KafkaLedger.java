package io.certworker.ledger;

import io.certworker.contracts.EventCodec;
import io.certworker.contracts.LedgerEntry;
import io.certworker.handling.CertificateAllowance;
import io.certworker.kafka.TopicTail;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code cert-ledger} topic kept in memory: the unexpired certificates of each user. It counts the per-user cap
 * (a request takes a place before it is issued; its certificate fills it once published; a revoked certificate frees
 * its place) and, every sweep interval, tombstones the entries of certificates expired for longer than the tombstone
 * delay so that the topic stays bounded (the delay keeps a revoked certificate's entry while CRLs still list it).
 * Every instance sweeps; a tombstone written twice is harmless. Listeners see every entry as it is read.
 */
public final class KafkaLedger implements CertificateAllowance, PublishedCertificates, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaLedger.class);
    /** A place taken by a request that never reported back (its partition moved away) is freed after this. */
    static final Duration RESERVATION_LIFETIME = Duration.ofMinutes(10);

    private final String topic;
    private final int maxPerUser;
    private final Producer<byte[], byte[]> producer;
    private final Clock clock;
    private final TopicTail tail;
    private final Duration tombstoneDelay;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** user key (groupId/username) → ledger key → notAfter and whether it is revoked. */
    private final Map<String, Map<String, Held>> certificates = new ConcurrentHashMap<>();
    /** requestId → the user it took a place of. */
    private final Map<String, Reservation> reservations = new ConcurrentHashMap<>();
    private final Set<String> tombstoned = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sweeper;

    private record Reservation(String user, Instant at) {
    }

    /** A certificate as the cap and the sweep see it. */
    private record Held(Instant notAfter, boolean revoked) {
    }

    /** Told of every ledger record as it is read, on the reader's thread: an entry, or null for a tombstone. */
    @FunctionalInterface
    public interface Listener {
        void applied(String ledgerKey, LedgerEntry entry);
    }

    /**
     * @param maxPerUser most unexpired certificates per user, 0 for no cap
     * @param producer   writes tombstones; closed with the ledger
     */
    public KafkaLedger(Supplier<Consumer<byte[], byte[]>> consumers, Producer<byte[], byte[]> producer, String topic,
                       int maxPerUser, Clock clock) {
        this(consumers, producer, topic, maxPerUser, clock, Duration.ZERO);
    }

    /** @param tombstoneDelay how long after its notAfter a certificate's entry is kept before it is tombstoned */
    public KafkaLedger(Supplier<Consumer<byte[], byte[]>> consumers, Producer<byte[], byte[]> producer, String topic,
                       int maxPerUser, Clock clock, Duration tombstoneDelay) {
        this.tombstoneDelay = tombstoneDelay;
        this.topic = topic;
        this.maxPerUser = maxPerUser;
        this.producer = producer;
        this.clock = clock;
        this.tail = new TopicTail(consumers, topic, this::apply);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ledger-sweeper");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Adds a listener; add it before {@link #start} to see the whole ledger. */
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Completes once everything written to the ledger before this call has been read (and told to listeners). */
    public CompletableFuture<Void> sync() {
        return tail.sync();
    }

    /** Reads the ledger to its end, then keeps following it and sweeps it every {@code sweepInterval}. */
    public void start(Duration timeout, Duration sweepInterval) throws InterruptedException, TimeoutException {
        tail.start();
        tail.awaitCaughtUp(timeout);
        sweeper.scheduleWithFixedDelay(this::sweep, sweepInterval.toMillis(), sweepInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean take(String groupId, String username, String requestId) {
        if (maxPerUser <= 0) {
            return true;
        }
        String user = userKey(groupId, username);
        synchronized (this) {
            Instant now = clock.instant();
            reservations.values().removeIf(reservation -> reservation.at().plus(RESERVATION_LIFETIME).isBefore(now));
            long unexpired = certificates.getOrDefault(user, Map.of()).values().stream()
                    .filter(held -> !held.revoked() && held.notAfter().isAfter(now)).count();
            long taken = reservations.values().stream().filter(reservation -> reservation.user().equals(user)).count();
            if (unexpired + taken >= maxPerUser) {
                return false;
            }
            reservations.put(requestId, new Reservation(user, now));
            return true;
        }
    }

    @Override
    public void giveBack(String requestId) {
        reservations.remove(requestId);
    }

    /** This worker published a certificate: count it at once (the topic will say the same a moment later). */
    @Override
    public void published(String requestId, String groupId, String username, String ledgerKey, Instant notAfter) {
        synchronized (this) {
            certificates.computeIfAbsent(userKey(groupId, username), user -> new ConcurrentHashMap<>())
                    .putIfAbsent(ledgerKey, new Held(notAfter, false));
            reservations.remove(requestId);
        }
    }


    public boolean isCaughtUp() {
        return tail.isCaughtUp();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        tail.close();
        producer.close(Duration.ofSeconds(5));
    }

    /** Tombstones the entries of certificates that expired more than the tombstone delay ago. */
    void sweep() {
        Instant cutoff = clock.instant().minus(tombstoneDelay);
        int swept = 0;
        for (Map<String, Held> userCertificates : certificates.values()) {
            for (Map.Entry<String, Held> certificate : userCertificates.entrySet()) {
                if (!certificate.getValue().notAfter().isAfter(cutoff) && tombstoned.add(certificate.getKey())) {
                    producer.send(new ProducerRecord<>(topic, certificate.getKey().getBytes(StandardCharsets.UTF_8),
                            null));
                    swept++;
                }
            }
        }
        if (swept > 0) {
            producer.flush();
            LOG.info("Tombstoned {} expired certificates in {}", swept, topic);
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        int lastSlash = key.lastIndexOf('/');
        if (lastSlash < 0) {
            return;
        }
        String user = key.substring(0, lastSlash);
        if (record.value() == null) {
            Map<String, Held> userCertificates = certificates.get(user);
            if (userCertificates != null) {
                userCertificates.remove(key);
            }
            tombstoned.remove(key);
            tell(key, null);
            return;
        }
        LedgerEntry entry;
        try {
            entry = EventCodec.instance().decode(record.value(), LedgerEntry.class);
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping an unreadable {} record at offset {}: {}", topic, record.offset(), e.getMessage());
            return;
        }
        if (entry.notAfter() != null) {
            certificates.computeIfAbsent(user, u -> new ConcurrentHashMap<>())
                    .put(key, new Held(entry.notAfter(), entry.revoked()));
        }
        tell(key, entry);
    }

    private void tell(String key, LedgerEntry entry) {
        for (Listener listener : listeners) {
            try {
                listener.applied(key, entry);
            } catch (RuntimeException e) {
                LOG.error("A ledger listener failed on {}", key, e);
            }
        }
    }

    private static String userKey(String groupId, String username) {
        return groupId + "/" + username;
    }
}
