package io.certworker.revocation;

import io.certworker.contracts.LedgerEntry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every certificate the ledger knows, by project, with each project's revoked ones in serial order: what revocations
 * are decided on, what CRLs and OCSP answers are made of. Fed with each ledger record as it is read, and with a
 * revocation as soon as its transaction is committed (the ledger says the same a moment later). A certificate is never
 * made unrevoked again by a record read late. Thread-safe.
 */
public final class CertificateTable {
    private final String defaultIssuer;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final Map<String, CertificateRecord> byKey = new ConcurrentHashMap<>();
    /** user key ({@code groupId/username}) → its certificates' ledger keys. */
    private final Map<String, Set<String>> byUser = new ConcurrentHashMap<>();
    private final List<Consumer<CertificateRecord>> listeners = new CopyOnWriteArrayList<>();

    /** The revoked certificates of one project at one moment, and the revision they are of. */
    public record RevokedSnapshot(long revision, List<CertificateRecord> certificates) {
    }

    private static final class Group {
        final Map<BigInteger, CertificateRecord> bySerial = new ConcurrentHashMap<>();
        final TreeMap<BigInteger, CertificateRecord> revoked = new TreeMap<>();
        long revision;
    }

    /** @param defaultIssuer the issuer of entries that do not say (written before the issuer was recorded) */
    public CertificateTable(String defaultIssuer) {
        this.defaultIssuer = defaultIssuer;
    }

    /** Takes in one ledger record: an entry, or a tombstone (null). */
    public void apply(String ledgerKey, LedgerEntry entry) {
        if (entry == null) {
            remove(ledgerKey);
            return;
        }
        CertificateRecord certificate = CertificateRecord.of(ledgerKey, entry, defaultIssuer);
        if (certificate != null) {
            put(certificate);
        }
    }

    /** Takes in a certificate (a revocation just committed, say). */
    public void put(CertificateRecord certificate) {
        Group group = groups.computeIfAbsent(certificate.groupId(), id -> new Group());
        CertificateRecord stored;
        synchronized (group) {
            CertificateRecord previous = byKey.get(certificate.ledgerKey());
            // An entry read behind its own revocation (ours, applied at once) must not unrevoke it.
            stored = previous != null && previous.revoked() && !certificate.revoked() ? previous : certificate;
            byKey.put(stored.ledgerKey(), stored);
            byUser.computeIfAbsent(stored.userKey(), user -> ConcurrentHashMap.newKeySet()).add(stored.ledgerKey());
            group.bySerial.put(stored.serial(), stored);
            if (stored.revoked()) {
                if (!stored.equals(group.revoked.put(stored.serial(), stored))) {
                    group.revision++;
                }
            }
        }
        listeners.forEach(listener -> listener.accept(stored));
    }

    private void remove(String ledgerKey) {
        LedgerKeys.Parsed key = LedgerKeys.parse(ledgerKey);
        Group group = key == null ? null : groups.get(key.groupId());
        if (group == null) {
            return;
        }
        synchronized (group) {
            CertificateRecord removed = byKey.remove(ledgerKey);
            if (removed == null) {
                return;
            }
            byUser.computeIfPresent(removed.userKey(), (user, keys) -> {
                keys.remove(ledgerKey);
                return keys.isEmpty() ? null : keys;
            });
            group.bySerial.remove(removed.serial(), removed);
            if (group.revoked.remove(removed.serial()) != null) {
                group.revision++;
            }
        }
    }

    /** Told of every certificate taken in, on the thread that took it in. */
    public void addListener(Consumer<CertificateRecord> listener) {
        listeners.add(listener);
    }

    /** The certificate of this user with this serial. */
    public Optional<CertificateRecord> find(String groupId, String username, BigInteger serial) {
        return Optional.ofNullable(byKey.get(LedgerKeys.of(groupId, username, serial)));
    }

    /** The certificate of this project with this serial, whoever it was issued to. */
    public Optional<CertificateRecord> find(String groupId, BigInteger serial) {
        Group group = groups.get(groupId);
        return group == null ? Optional.empty() : Optional.ofNullable(group.bySerial.get(serial));
    }

    /** Whether the ledger holds any certificate of the project. */
    public boolean knowsGroup(String groupId) {
        Group group = groups.get(groupId);
        return group != null && !group.bySerial.isEmpty();
    }

    /** The projects that have certificates. */
    public Set<String> groupIds() {
        return Set.copyOf(groups.keySet());
    }

    /** The revision of the project's revoked certificates: it changes whenever they do. */
    public long revision(String groupId) {
        Group group = groups.get(groupId);
        if (group == null) {
            return 0;
        }
        synchronized (group) {
            return group.revision;
        }
    }

    /** The project's revoked certificates, in serial order, with their revision. */
    public RevokedSnapshot revoked(String groupId) {
        Group group = groups.get(groupId);
        if (group == null) {
            return new RevokedSnapshot(0, List.of());
        }
        synchronized (group) {
            return new RevokedSnapshot(group.revision, List.copyOf(group.revoked.values()));
        }
    }

    /** Every certificate of the project. */
    public List<CertificateRecord> certificates(String groupId) {
        Group group = groups.get(groupId);
        return group == null ? List.of() : new ArrayList<>(group.bySerial.values());
    }

    /** Every certificate of one user ({@code groupId/username}). */
    public List<CertificateRecord> certificatesOf(String userKey) {
        List<CertificateRecord> certificates = new ArrayList<>();
        for (String key : byUser.getOrDefault(userKey, Set.of())) {
            CertificateRecord certificate = byKey.get(key);
            if (certificate != null) {
                certificates.add(certificate);
            }
        }
        return certificates;
    }

    /** Every certificate. */
    public void forEach(Consumer<CertificateRecord> action) {
        byKey.values().forEach(action);
    }

    /** How many certificates the table holds. */
    public int size() {
        return byKey.size();
    }
}
