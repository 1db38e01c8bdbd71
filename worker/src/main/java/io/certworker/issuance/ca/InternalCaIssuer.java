package io.certworker.issuance.ca;

import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.IssuedCertificate;
import io.certworker.issuance.Issuer;
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
 * Issues certificates from the internal CA: each project's own issuing CA signs a fresh key pair for
 * {@code CN=<username>}. Key generation and signing run on the given executor, never on the caller's thread.
 */
public final class InternalCaIssuer implements Issuer {
    /** The value of {@code issuer} in the events this issuer's certificates produce. */
    public static final String NAME = "internal-ca";

    private final GroupCas groupCas;
    private final CertificateBuilder builder;
    private final KeyPairFactory keys;
    private final CaSettings settings;
    private final Executor executor;
    private final Clock clock;

    private InternalCaIssuer(GroupCas groupCas, CertificateBuilder builder, KeyPairFactory keys, CaSettings settings,
                             Executor executor, Clock clock) {
        this.groupCas = groupCas;
        this.builder = builder;
        this.keys = keys;
        this.settings = settings;
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * An issuer whose root comes from {@code root} and whose per-project CAs live under {@code storeDirectory}.
     *
     * @throws IllegalArgumentException when the root cannot be loaded (missing file, key not matching, ...)
     */
    public static InternalCaIssuer create(CaSettings settings, RootCaSource root, Path storeDirectory,
                                          Executor executor, Clock clock) {
        CertificateBuilder builder = new CertificateBuilder();
        KeyPairFactory keys = new KeyPairFactory();
        CertificateAuthority rootCa = new RootCas(settings, builder, keys, clock).load(root);
        GroupCas groupCas = new GroupCas(rootCa, new FileCaStore(storeDirectory), settings, builder, keys, clock);
        return new InternalCaIssuer(groupCas, builder, keys, settings, executor, clock);
    }

    @Override
    public CompletionStage<IssuanceResult> issue(CertificateOrder order) {
        return CompletableFuture.supplyAsync(() -> issueNow(order), executor);
    }

    private IssuanceResult issueNow(CertificateOrder order) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notBefore = now.minus(1, ChronoUnit.HOURS);
        Instant notAfter = now.atZone(ZoneOffset.UTC).plusMonths(order.monthsUntilExpiration()).toInstant();

        CertificateAuthority issuingCa = groupCas.forGroup(order.groupId());
        if (issuingCa.certificate().getNotAfter().toInstant().isBefore(notAfter)) {
            // A certificate outliving its CA would stop validating early; refuse rather than mint it.
            throw new IllegalStateException("the issuing CA of group " + order.groupId() + " expires on "
                    + issuingCa.certificate().getNotAfter().toInstant() + ", before " + notAfter);
        }
        KeyPair keyPair = keys.generate(settings.subjectKeyAlgorithm());
        X500Name subject = DistinguishedNames.user(order.username());
        BigInteger serial = builder.newSerial();
        X509CertificateHolder certificate = builder.client(issuingCa, serial, subject, keyPair.getPublic(),
                notBefore, notAfter);

        String pem = Pem.certificate(certificate) + Pem.privateKey(keyPair.getPrivate());
        return new IssuanceResult.Issued(new IssuedCertificate(serial, DistinguishedNames.text(subject),
                notBefore, notAfter, notBefore, NAME, pem, issuingCa.chainPem()));
    }
}
