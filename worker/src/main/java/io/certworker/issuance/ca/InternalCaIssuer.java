package io.certworker.issuance.ca;

import io.certworker.apierror.ErrorCode;
import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.IssuedCertificate;
import io.certworker.issuance.Issuer;
import io.certworker.issuance.JournaledIssuer;
import io.certworker.issuance.MintJournal;
import io.certworker.issuance.Minter;
import io.certworker.issuance.PermanentIssuanceFault;
import io.certworker.issuance.Preparation;
import io.certworker.issuance.ca.pkcs11.Pkcs11Token;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Issues certificates from the internal CA: each project's own issuing CA signs a fresh key pair (or a CSR's key) for
 * {@code CN=<username>}. Key generation and signing run on the given executor, never on the caller's thread. As a
 * {@link Minter}, it is an {@link Issuer} only through {@link JournaledIssuer}: each certificate's draft (serial,
 * validity, key) is journaled before it is signed, and a draft found after a crash is signed again into the same
 * certificate.
 */
public final class InternalCaIssuer implements Minter<ClientCertificateDraft> {
    /** The value of {@code issuer} in the events this issuer's certificates produce. */
    public static final String NAME = "internal-ca";

    private final GroupCas groupCas;
    private final CertificateBuilder builder;
    private final KeyPairFactory keys;
    private final SigningRequests signingRequests;
    private final CaSettings settings;
    private final SignatureLog signatures;
    /** Null: CSR orders are journaled like the others. */
    private final ReproducibleSerials reproducibleSerials;
    /** Null: the CA keys are software keys. */
    private final Pkcs11Token token;
    private final Executor executor;
    private final Clock clock;

    private InternalCaIssuer(GroupCas groupCas, CertificateBuilder builder, KeyPairFactory keys,
                             SigningRequests signingRequests, CaSettings settings, SignatureLog signatures,
                             ReproducibleSerials reproducibleSerials, Pkcs11Token token, Executor executor,
                             Clock clock) {
        this.groupCas = groupCas;
        this.builder = builder;
        this.keys = keys;
        this.signingRequests = signingRequests;
        this.settings = settings;
        this.signatures = signatures;
        this.reproducibleSerials = reproducibleSerials;
        this.token = token;
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * An issuer whose root comes from {@code root} and whose per-project CAs live under {@code storeDirectory}, with
     * no mint journal and no signature log: for tools and tests.
     *
     * @throws IllegalArgumentException when the root cannot be loaded (missing file, key not matching, ...)
     */
    public static Issuer create(CaSettings settings, RootCaSource root, Path storeDirectory, Executor executor,
                                Clock clock) {
        return create(settings, root, GroupCaStore.onDisk(storeDirectory), MintJournal.NONE, null, executor, clock);
    }

    /**
     * An issuer whose root comes from {@code root}, keeping per-project CAs in {@code store}, noting each certificate
     * in {@code journal} before signing it, and appending each signature to {@code signatureLog} (if not null).
     *
     * @throws IllegalArgumentException when the root cannot be loaded (missing file, key not matching, ...)
     */
    public static Issuer create(CaSettings settings, RootCaSource root, GroupCaStore store, MintJournal journal,
                                Path signatureLog, Executor executor, Clock clock) {
        return create(settings, root, store, journal, signatureLog, CaObserver.NONE, KeyPool.NONE, executor, clock);
    }

    /**
     * As {@link #create(CaSettings, RootCaSource, GroupCaStore, MintJournal, Path, Executor, Clock)}, reporting to
     * {@code observer} and taking subject keys from {@code pool} when it has them ready.
     */
    public static Issuer create(CaSettings settings, RootCaSource root, GroupCaStore store, MintJournal journal,
                                Path signatureLog, CaObserver observer, KeyPool pool, Executor executor, Clock clock) {
        return create(settings, root, store, journal, signatureLog, observer, pool, CryptoProviders.automatic(),
                executor, clock);
    }

    /** As above, generating keys and signing with {@code providers}. */
    public static Issuer create(CaSettings settings, RootCaSource root, GroupCaStore store, MintJournal journal,
                                Path signatureLog, CaObserver observer, KeyPool pool, CryptoProviders providers,
                                Executor executor, Clock clock) {
        return new JournaledIssuer<>(minter(settings, root, store, signatureLog, observer, pool, providers, null, null,
                executor, clock), journal);
    }

    /** The project CAs this issuer signs with, for CRLs and OCSP answers. */
    public IssuingCas issuingCas() {
        return new IssuingCas(groupCas::existing, builder.providers());
    }

    /**
     * The internal CA as a {@link Minter}, for {@link JournaledIssuer}: software keys, the fastest providers that load
     * here, every order journaled.
     */
    public static InternalCaIssuer minter(CaSettings settings, RootCaSource root, GroupCaStore store,
                                          Path signatureLog, CaObserver observer, KeyPool pool, Executor executor,
                                          Clock clock) {
        return minter(settings, root, store, signatureLog, observer, pool, CryptoProviders.automatic(), null, null,
                executor, clock);
    }

    /**
     * The internal CA as a {@link Minter}.
     *
     * @param providers which provider generates keys and signs, per operation
     * @param token     where the CA keys are, or null for software keys: the root's (a {@link RootCaSource.InToken})
     *                  and every project CA's, generated there; {@code store} then keeps certificates and key labels
     * @param serialKey with it, a CSR order of known request time is reproducible (its serial derived under this key,
     *                  its validity from the request's time), so it needs no draft: one Kafka transaction per request
     *                  instead of two; null journals every order
     * @throws IllegalArgumentException when the root cannot be loaded, or the project CA keys would be EC in a token
     */
    public static InternalCaIssuer minter(CaSettings settings, RootCaSource root, GroupCaStore store,
                                          Path signatureLog, CaObserver observer, KeyPool pool,
                                          CryptoProviders providers, Pkcs11Token token, byte[] serialKey,
                                          Executor executor, Clock clock) {
        if (token != null && !settings.caKeyAlgorithm().isRsa()) {
            // A certificate finished again after a crash must be the one begun: RSA PKCS#1 v1.5 signatures are
            // deterministic, a token's ECDSA signatures are not.
            throw new IllegalArgumentException("ca.key.algorithm must be RSA-2048, RSA-3072 or RSA-4096 with "
                    + "ca.key.store=pkcs11, not " + settings.caKeyAlgorithm().configName());
        }
        CertificateBuilder builder = new CertificateBuilder(providers);
        KeyPairFactory keys = new KeyPairFactory(observer, pool, providers);
        CertificateAuthority rootCa = new RootCas(settings, builder, keys, token, clock).load(root);
        CaKeys caKeys = token == null ? new SoftwareCaKeys(keys) : new TokenCaKeys(token);
        GroupCas groupCas = new GroupCas(rootCa, store, settings, builder, caKeys, clock);
        SignatureLog signatures = signatureLog == null ? SignatureLog.discarding(clock)
                : SignatureLog.appendingTo(signatureLog, clock);
        return new InternalCaIssuer(groupCas, builder, keys, new SigningRequests(providers), settings, signatures,
                serialKey == null ? null : new ReproducibleSerials(serialKey), token, executor, clock);
    }

    /** False while the CA cannot sign: its PKCS#11 token is lost. Always true with software keys. */
    public boolean isHealthy() {
        return token == null || token.isAvailable();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The certificate to be: a new key pair (or the CSR's key), a serial and the validity; or the CSR's refusal. */
    @Override
    public CompletionStage<Preparation<ClientCertificateDraft>> prepare(CertificateOrder order) {
        return CompletableFuture.supplyAsync(() -> prepareNow(order), executor);
    }

    @Override
    public CompletionStage<IssuanceResult> mint(CertificateOrder order, ClientCertificateDraft draft) {
        return CompletableFuture.supplyAsync(() -> sign(order, draft), executor);
    }

    /** Signs the journaled draft again: the same serial, validity and key, so the same certificate. */
    @Override
    public CompletionStage<IssuanceResult> resume(CertificateOrder order, byte[] secret) {
        return CompletableFuture.supplyAsync(() -> sign(order, ClientCertificateDraft.decode(secret)), executor);
    }

    private Preparation<ClientCertificateDraft> prepareNow(CertificateOrder order) {
        // A CSR order of known time is reproducible: everything about its certificate comes from the order.
        boolean reproducible = order.csr() != null && order.requestedAt() != null && reproducibleSerials != null;
        Instant now = (reproducible ? order.requestedAt() : clock.instant()).truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.atZone(ZoneOffset.UTC).plusMonths(order.monthsUntilExpiration()).toInstant();
        Instant chainExpiry = groupCas.chainExpiry(groupCas.forGroup(order.groupId()));
        if (chainExpiry.isBefore(notAfter)) {
            // A certificate outliving its CA or root would stop validating early; refuse rather than mint it.
            throw new PermanentIssuanceFault(ErrorCode.ISSUING_CA_EXPIRES_TOO_SOON, order.groupId(), chainExpiry,
                    notAfter);
        }
        Instant notBefore = now.minus(1, ChronoUnit.HOURS);
        ClientCertificateDraft draft;
        if (order.csr() != null) {
            SigningRequests.Checked checked = signingRequests.check(order.csr(), order.username());
            if (checked instanceof SigningRequests.Refused refused) {
                return new Preparation.Refused<>(refused.error());
            }
            BigInteger serial = reproducible ? reproducibleSerials.of(order, now) : builder.newSerial();
            draft = new ClientCertificateDraft(serial, notBefore, notAfter,
                    ((SigningRequests.Accepted) checked).publicKey(), null);
            if (reproducible) {
                return new Preparation.Reproducible<>(draft);
            }
        } else {
            KeyPair keyPair = keys.generate(settings.subjectKeyAlgorithm());
            draft = new ClientCertificateDraft(builder.newSerial(), notBefore, notAfter, keyPair.getPublic(),
                    keyPair.getPrivate());
        }
        return new Preparation.Prepared<>(draft, draft.encode());
    }

    /** Signs the draft: the certificate, then (when the CA made the key) its PKCS#8 key. */
    private IssuanceResult sign(CertificateOrder order, ClientCertificateDraft draft) {
        CertificateAuthority issuingCa = groupCas.forGroup(order.groupId());
        X500Name subject = DistinguishedNames.user(order.username());
        X509CertificateHolder certificate = builder.client(issuingCa, draft.serial(), subject, draft.publicKey(),
                draft.notBefore(), draft.notAfter(), settings.crlUrl(order.groupId()), settings.ocspUrl(order.groupId()));
        signatures.signed(draft.serial(), order, draft.notAfter());
        String pem = Pem.certificate(certificate)
                + (draft.privateKey() == null ? "" : Pem.privateKey(draft.privateKey()));
        return new IssuanceResult.Issued(new IssuedCertificate(draft.serial(), DistinguishedNames.text(subject),
                draft.notBefore(), draft.notAfter(), draft.notBefore(), NAME, pem, issuingCa.chainPem()));
    }
}
