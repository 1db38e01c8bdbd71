package io.certworker.lifecycle;

import io.certworker.contracts.DatabaseUser;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.RevocationReason;
import io.certworker.contracts.RevocationRequest;
import io.certworker.contracts.X509Type;
import io.certworker.directory.KafkaUserDirectory;
import io.certworker.revocation.CertificateRecord;
import io.certworker.revocation.CertificateTable;
import io.certworker.revocation.WorkerRequestIds;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revocations the worker asks for itself, written as revocation requests on {@code cert-revocations} (keyed by
 * the user, so that the loop answers them in order, like any other): a certificate whose user was removed
 * ({@code revoke.on.user.delete}), and one superseded by its renewal ({@code revoke.superseded.after}). Their
 * requestIds are derived from what they revoke, so asking twice ends in one revocation. Used by the owner's thread.
 */
final class RevocationAsks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationAsks.class);
    /** A revocation asked for is asked again after this if the certificate is still not revoked (one lost, say). */
    private static final Duration ASK_AGAIN_AFTER = Duration.ofMinutes(5);
    /** Certificates are issued an hour after their notBefore (Atlas's rule). */
    private static final Duration NOT_BEFORE_MARGIN = Duration.ofHours(1);

    private final LifecycleSettings settings;
    private final CertificateTable table;
    private final KafkaUserDirectory directory;
    private final Producer<byte[], byte[]> producer;
    private final Clock clock;
    private final EventCodec codec = EventCodec.instance();
    private final Map<String, Instant> asked = new ConcurrentHashMap<>();
    private boolean warnedEmptyDirectory;

    /** @param producer an idempotent producer, closed with this */
    RevocationAsks(LifecycleSettings settings, CertificateTable table, KafkaUserDirectory directory,
                   Producer<byte[], byte[]> producer, Clock clock) {
        this.settings = settings;
        this.table = table;
        this.directory = directory;
        this.producer = producer;
        this.clock = clock;
    }

    /** Asks for the certificate's revocation if its user is absent from the directory or not MANAGED. */
    void ifUserRemoved(CertificateRecord certificate, Instant now) {
        if (!settings.revokeOnUserDelete() || !revocable(certificate, now)) {
            return;
        }
        if (directory.isEmpty()) {
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

    /** Asks for the revocation of the certificate {@code renewal} renews, once the grace period has passed. */
    void ifSuperseded(CertificateRecord renewal, Instant now) {
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

    /** Forgets asks old enough to be asked again. */
    void forgetOld(Instant now) {
        asked.values().removeIf(at -> at.plus(ASK_AGAIN_AFTER).isBefore(now));
    }

    private static boolean revocable(CertificateRecord certificate, Instant now) {
        return certificate.issuedByInternalCa() && !certificate.revoked() && !certificate.expiredAt(now);
    }

    private void ask(CertificateRecord certificate, String requestId, RevocationReason reason, String why) {
        Instant now = clock.instant();
        Instant before = asked.get(certificate.ledgerKey());
        if (before != null && before.plus(ASK_AGAIN_AFTER).isAfter(now)) {
            return;
        }
        asked.put(certificate.ledgerKey(), now);
        RevocationRequest request = RevocationRequest.of(requestId, certificate.groupId(), certificate.username(),
                certificate.serial().toString(), reason);
        producer.send(new ProducerRecord<>(settings.topics().revocations(),
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

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
