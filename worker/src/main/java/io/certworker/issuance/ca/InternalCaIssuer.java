package io.certworker.issuance.ca;

import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.IssuedCertificate;
import io.certworker.issuance.Issuer;
import io.certworker.issuance.MintDraft;
import io.certworker.issuance.MintJournal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Issues certificates from the internal CA: each project's own issuing CA signs a fresh key pair for
 * {@code CN=<username>}. Key generation and signing run on the given executor, never on the caller's thread; each
 * certificate is noted in a {@link MintJournal} before it is signed, so a request is never minted twice.
 */
public final class InternalCaIssuer implements Issuer {
    /** The value of {@code issuer} in the events this issuer's certificates produce. */
    public static final String NAME = "internal-ca";

    private final GroupCas groupCas;
    private final CertificateBuilder builder;
    private final KeyPairFactory keys;
    private final CaSettings settings;
    private final MintJournal journal;
    private final SignatureLog signatures;
    private final Executor executor;
    private final Clock clock;

    private InternalCaIssuer(GroupCas groupCas, CertificateBuilder builder, KeyPairFactory keys, CaSettings settings,
                             MintJournal journal, SignatureLog signatures, Executor executor, Clock clock) {
        this.groupCas = groupCas;
        this.builder = builder;
        this.keys = keys;
        this.settings = settings;
        this.journal = journal;
        this.signatures = signatures;
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * An issuer whose root comes from {@code root} and whose per-project CAs live under {@code storeDirectory}, with
     * no mint journal and no signature log: for tools and tests.
     *
     * @throws IllegalArgumentException when the root cannot be loaded (missing file, key not matching, ...)
     */
    public static InternalCaIssuer create(CaSettings settings, RootCaSource root, Path storeDirectory,
                                          Executor executor, Clock clock) {
        return create(settings, root, GroupCaStore.onDisk(storeDirectory), MintJournal.NONE, null, executor, clock);
    }

    /**
     * An issuer whose root comes from {@code root}, keeping per-project CAs in {@code store}, noting each certificate
     * in {@code journal} before signing it, and appending each signature to {@code signatureLog} (if not null).
     *
     * @throws IllegalArgumentException when the root cannot be loaded (missing file, key not matching, ...)
     */
    public static InternalCaIssuer create(CaSettings settings, RootCaSource root, GroupCaStore store,
                                          MintJournal journal, Path signatureLog, Executor executor, Clock clock) {
        return create(settings, root, store, journal, signatureLog, CaObserver.NONE, KeyPool.NONE, executor, clock);
    }

    /**
     * As {@link #create(CaSettings, RootCaSource, GroupCaStore, MintJournal, Path, Executor, Clock)}, reporting to
     * {@code observer} and taking subject keys from {@code pool} when it has them ready.
     */
    public static InternalCaIssuer create(CaSettings settings, RootCaSource root, GroupCaStore store,
                                          MintJournal journal, Path signatureLog, CaObserver observer, KeyPool pool,
                                          Executor executor, Clock clock) {
        CertificateBuilder builder = new CertificateBuilder();
        KeyPairFactory keys = new KeyPairFactory(observer, pool);
        CertificateAuthority rootCa = new RootCas(settings, builder, keys, clock).load(root);
        GroupCas groupCas = new GroupCas(rootCa, store, settings, builder, keys, clock);
        SignatureLog signatures = signatureLog == null ? SignatureLog.discarding(clock)
                : SignatureLog.appendingTo(signatureLog, clock);
        return new InternalCaIssuer(groupCas, builder, keys, settings, journal, signatures, executor, clock);
    }

    /** The project CAs this issuer signs with, for CRLs and OCSP answers. */
    public IssuingCas issuingCas() {
        return new IssuingCas(groupCas::existing);
    }

    /**
     * Prepares the certificate (key pair, serial, validity), notes it in the journal, and only then signs it. A
     * request whose note is already in the journal (its first attempt was interrupted) is signed from that note:
     * the same serial, validity and key, so the same certificate.
     */
    @Override
    public CompletionStage<IssuanceResult> issue(CertificateOrder order) {
        Optional<MintDraft> interrupted = journal.find(order.requestId());
        if (interrupted.isPresent()) {
            ClientCertificateDraft draft = ClientCertificateDraft.decode(interrupted.get().secret());
            return CompletableFuture.supplyAsync(() -> sign(order, draft), executor);
        }
        return CompletableFuture.supplyAsync(() -> prepare(order), executor)
                .thenCompose(prepared -> {
                    if (prepared instanceof IssuanceResult refused) {
                        return CompletableFuture.completedFuture(refused);
                    }
                    ClientCertificateDraft draft = (ClientCertificateDraft) prepared;
                    return journal.record(new MintDraft(order.requestId(), NAME, draft.encode()))
                            .thenApplyAsync(recorded -> sign(order, draft), executor);
                });
    }

    /** The draft of the certificate (a new key pair, or the CSR's key), or the refusal of a CSR. */
    private Object prepare(CertificateOrder order) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.atZone(ZoneOffset.UTC).plusMonths(order.monthsUntilExpiration()).toInstant();
        CertificateAuthority issuingCa = groupCas.forGroup(order.groupId());
        if (issuingCa.certificate().getNotAfter().toInstant().isBefore(notAfter)) {
            // A certificate outliving its CA would stop validating early; refuse rather than mint it.
            throw new IllegalStateException("the issuing CA of group " + order.groupId() + " expires on "
                    + issuingCa.certificate().getNotAfter().toInstant() + ", before " + notAfter);
        }
        Instant notBefore = now.minus(1, ChronoUnit.HOURS);
        if (order.csr() != null) {
            SigningRequests.Checked checked = SigningRequests.check(order.csr(), order.username());
            if (checked instanceof SigningRequests.Refused refused) {
                return new IssuanceResult.Refused(refused.error());
            }
            return new ClientCertificateDraft(builder.newSerial(), notBefore, notAfter,
                    ((SigningRequests.Accepted) checked).publicKey(), null);
        }
        KeyPair keyPair = keys.generate(settings.subjectKeyAlgorithm());
        return new ClientCertificateDraft(builder.newSerial(), notBefore, notAfter, keyPair.getPublic(),
                keyPair.getPrivate());
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
