package io.certworker.issuance.ca;

import io.certworker.apierror.ErrorCode;
import io.certworker.issuance.PermanentIssuanceFault;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuing CA of each project: loaded from the store, or created and stored on the project's first certificate.
 * Each CA is loaded or created once per process, even when many threads ask for it at the same time.
 */
final class GroupCas {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCas.class);

    private final CertificateAuthority root;
    private final GroupCaStore store;
    private final CaSettings settings;
    private final CertificateBuilder builder;
    private final CaKeys keys;
    private final Clock clock;
    private final ConcurrentMap<String, CompletableFuture<CertificateAuthority>> loaded = new ConcurrentHashMap<>();

    GroupCas(CertificateAuthority root, GroupCaStore store, CaSettings settings, CertificateBuilder builder,
             CaKeys keys, Clock clock) {
        this.root = root;
        this.store = store;
        this.settings = settings;
        this.builder = builder;
        this.keys = keys;
        this.clock = clock;
    }

    CertificateAuthority forGroup(String groupId) {
        CompletableFuture<CertificateAuthority> mine = new CompletableFuture<>();
        CompletableFuture<CertificateAuthority> existing = loaded.putIfAbsent(groupId, mine);
        if (existing != null) {
            try {
                return existing.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            CertificateAuthority authority = loadOrCreate(groupId);
            mine.complete(authority);
            return authority;
        } catch (RuntimeException e) {
            loaded.remove(groupId, mine); // let a later request try again
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * The project's CA if it has one already; never creates one (a CRL or an OCSP answer is no reason to). A project
     * whose CA is being created by a request waits for it.
     */
    Optional<CertificateAuthority> existing(String groupId) {
        CompletableFuture<CertificateAuthority> known = loaded.get(groupId);
        if (known != null) {
            try {
                return Optional.of(known.join());
            } catch (CompletionException e) {
                return Optional.empty();
            }
        }
        Optional<StoredCa> stored = store.load(groupId);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        requireIssuedByRoot(groupId, stored.get().certificate());
        CertificateAuthority authority = builder.authority(stored.get().certificate(),
                keys.privateKey(groupId, stored.get()), root.chainPem());
        loaded.putIfAbsent(groupId, CompletableFuture.completedFuture(authority));
        return Optional.of(authority);
    }

    private CertificateAuthority loadOrCreate(String groupId) {
        StoredCa stored = store.load(groupId).orElseGet(() -> created(groupId));
        requireIssuedByRoot(groupId, stored.certificate());
        return builder.authority(stored.certificate(), keys.privateKey(groupId, stored), root.chainPem());
    }

    /** When the chain from {@code issuing} up to the root stops validating: the earlier of the two expiries. */
    Instant chainExpiry(CertificateAuthority issuing) {
        Instant issuingExpiry = issuing.certificate().getNotAfter().toInstant();
        Instant rootExpiry = root.certificate().getNotAfter().toInstant();
        return issuingExpiry.isBefore(rootExpiry) ? issuingExpiry : rootExpiry;
    }

    /** A new CA for the project, stored; or the CA another instance stored first, ours then discarded. */
    private StoredCa created(String groupId) {
        Instant now = clock.instant();
        KeyPair keyPair = keys.generate(settings.caKeyAlgorithm());
        // A project CA never outlives its root: past the root's end, nothing it signed would validate anyway.
        Instant notAfter = now.plus(settings.groupCaValidity());
        Instant rootExpiry = root.certificate().getNotAfter().toInstant();
        X509CertificateHolder certificate = builder.intermediate(root,
                DistinguishedNames.groupCa(groupId, settings.organizationalUnit(), settings.organization()),
                keyPair.getPublic(), now.minusSeconds(3600), notAfter.isBefore(rootExpiry) ? notAfter : rootExpiry);
        StoredCa mine = keys.keep(groupId, certificate, keyPair);
        StoredCa kept = store.storeIfAbsent(groupId, mine);
        if (kept.certificate().equals(mine.certificate())) {
            LOG.info("Created the issuing CA of group {} ({})", groupId, settings.caKeyAlgorithm());
        } else {
            keys.discard(mine);
        }
        return kept;
    }

    private void requireIssuedByRoot(String groupId, X509CertificateHolder certificate) {
        try {
            boolean valid = certificate.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(BouncyCastle.PROVIDER).build(root.publicKey()));
            if (!valid) {
                throw new PermanentIssuanceFault(ErrorCode.PROJECT_CA_NOT_ISSUED_BY_ROOT, groupId,
                        root.certificate().getSubject());
            }
        } catch (CertException e) {
            // The root's key cannot even check the stored CA's signature (another key type): another root issued it.
            throw new PermanentIssuanceFault(ErrorCode.PROJECT_CA_NOT_ISSUED_BY_ROOT, groupId,
                    root.certificate().getSubject());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot check the stored CA of group " + groupId, e);
        }
    }
}
