package io.certworker.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.contracts.RevocationReason;
import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.JournaledIssuer;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.MintJournal;
import io.certworker.issuance.ca.CaObserver;
import io.certworker.issuance.ca.CaSettings;
import io.certworker.issuance.ca.GroupCaStore;
import io.certworker.issuance.ca.InternalCaIssuer;
import io.certworker.issuance.ca.IssuingCas;
import io.certworker.issuance.ca.KeyPool;
import io.certworker.issuance.ca.RootCaSource;
import io.certworker.revocation.CertificateRecord;
import io.certworker.revocation.CrlSchedule;
import io.certworker.revocation.CrlSchedule.CrlContent;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CRL encoder makes exactly the bytes of BouncyCastle's CRL builder, also when it reuses encoded entries. */
class CrlEncoderTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final Instant NOW = Instant.parse("2026-11-22T16:20:26Z");
    static final CrlSchedule SCHEDULE = CrlSchedule.of(Duration.ofDays(7));

    @TempDir
    static Path directory;
    static IssuingCas rsa;
    static IssuingCas ec;

    @BeforeAll
    static void projectCas() throws Exception {
        rsa = projectCa(directory.resolve("rsa"), KeyAlgorithm.RSA_2048);
        ec = projectCa(directory.resolve("ec"), KeyAlgorithm.EC_P256);
    }

    @ParameterizedTest(name = "{0} entries")
    @ValueSource(ints = {0, 1, 3, 300})
    void theBytesAreThoseOfBouncyCastlesBuilderWithAnRsaAndAnEcCa(int count) throws Exception {
        CrlContent content = SCHEDULE.content(revoked(count, 1), NOW);
        for (IssuingCas cas : List.of(rsa, ec)) {
            IssuingCas.ProjectCa ca = cas.find(GROUP).orElseThrow();
            assertThat(new CrlEncoder().encode(ca, content)).isEqualTo(reference(ca, content));
        }
    }

    @Test
    void reusingEncodedEntriesGivesTheSameBytesAsEncodingAfresh() {
        IssuingCas.ProjectCa ca = ec.find(GROUP).orElseThrow();
        CrlEncoder reused = new CrlEncoder();
        List<CertificateRecord> revoked = new ArrayList<>(revoked(50, 1));
        reused.encode(ca, SCHEDULE.content(revoked, NOW));
        revoked.addAll(revoked(5, 1000));
        revoked.sort((a, b) -> a.serial().compareTo(b.serial()));
        revoked.remove(7);

        CrlContent content = SCHEDULE.content(revoked, NOW.plusSeconds(60));
        assertThat(reused.encode(ca, content)).isEqualTo(new CrlEncoder().encode(ca, content));
    }

    /** The same content through {@link X509v2CRLBuilder}. */
    private static byte[] reference(IssuingCas.ProjectCa ca, CrlContent content) throws Exception {
        X509CertificateHolder issuer = ca.certificate();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(issuer.getSubject(), Date.from(content.thisUpdate()));
        builder.setNextUpdate(Date.from(content.nextUpdate()));
        for (CertificateRecord entry : content.entries()) {
            builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), entry.reason().code());
        }
        builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(
                SubjectKeyIdentifier.fromExtensions(issuer.getExtensions()).getKeyIdentifier()));
        builder.addExtension(Extension.cRLNumber, false, new CRLNumber(content.number()));
        return builder.build(ca.signer()).getEncoded();
    }

    private static List<CertificateRecord> revoked(int count, long firstSerial) {
        RevocationReason[] reasons = RevocationReason.values();
        List<CertificateRecord> revoked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BigInteger serial = BigInteger.valueOf(firstSerial + i).multiply(BigInteger.valueOf(7919))
                    .shiftLeft(i % 64);
            revoked.add(new CertificateRecord(GROUP, "user-" + i, serial, NOW.minus(Duration.ofDays(10)),
                    NOW.plus(Duration.ofDays(80)), "CN=user-" + i, "internal-ca", NOW.minusSeconds(i),
                    reasons[i % reasons.length], null));
        }
        revoked.sort((a, b) -> a.serial().compareTo(b.serial()));
        return revoked;
    }

    private static IssuingCas projectCa(Path dir, KeyAlgorithm caKey) throws Exception {
        CaSettings settings = new CaSettings(KeyAlgorithm.EC_P256, caKey, "test", "test", Duration.ofDays(3650),
                Duration.ofDays(7300));
        InternalCaIssuer minter = InternalCaIssuer.minter(settings, new RootCaSource.GeneratedIn(dir.resolve("root")),
                GroupCaStore.onDisk(dir.resolve("groups")), null, CaObserver.NONE, KeyPool.NONE, Runnable::run,
                Clock.systemUTC());
        new JournaledIssuer<>(minter, MintJournal.NONE).issue(new CertificateOrder("r-1", GROUP, "user", 3))
                .toCompletableFuture().get(5, TimeUnit.MINUTES); // the project's CA is made with its first certificate
        return minter.issuingCas();
    }
}
