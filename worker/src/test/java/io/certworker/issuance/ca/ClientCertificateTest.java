package io.certworker.issuance.ca;

import io.certworker.issuance.Issuer;
import static io.certworker.issuance.ca.CaTestKit.GROUP_ID;
import static io.certworker.issuance.ca.CaTestKit.NOW;
import static io.certworker.issuance.ca.CaTestKit.clockAt;
import static io.certworker.issuance.ca.CaTestKit.ecIssuer;
import static io.certworker.issuance.ca.CaTestKit.holder;
import static io.certworker.issuance.ca.CaTestKit.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.IssuedCertificate;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client certificate itself: Atlas's managed-certificate shape, validity and bookkeeping fields. */
class ClientCertificateTest {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @TempDir
    Path dir;

    @Test
    void theLeafIsAnX509Version3Certificate() {
        X509Certificate leaf = CaTestKit.leaf(issue(ecIssuer(dir, clockAt(NOW)), "alice"));

        assertThat(leaf.getVersion()).isEqualTo(3);
    }

    @Test
    void theSubjectIsExactlyOneCommonNameHoldingTheUsername() {
        X509CertificateHolder leaf = holder(CaTestKit.leaf(issue(ecIssuer(dir, clockAt(NOW)), "alice")));
        RDN[] rdns = leaf.getSubject().getRDNs();

        assertThat(rdns).hasSize(1);
        assertThat(rdns[0].size()).isEqualTo(1);
        assertThat(rdns[0].getFirst().getType()).isEqualTo(BCStyle.CN);
        assertThat(rdns[0].getFirst().getValue()).isInstanceOf(DERPrintableString.class);
        assertThat(rdns[0].getFirst().getValue().toString()).isEqualTo("alice");
    }

    @Test
    void keyUsageIsCriticalAndOnlyDigitalSignature() {
        X509Certificate leaf = CaTestKit.leaf(issue(ecIssuer(dir, clockAt(NOW)), "alice"));

        assertThat(leaf.getCriticalExtensionOIDs()).contains(Extension.keyUsage.getId());
        boolean[] keyUsage = leaf.getKeyUsage();
        assertThat(keyUsage[0]).as("digitalSignature").isTrue();
        for (int bit = 1; bit < keyUsage.length; bit++) {
            assertThat(keyUsage[bit]).as("key usage bit %d", bit).isFalse();
        }
    }

    @Test
    void extendedKeyUsageIsCriticalAndOnlyClientAuth() throws Exception {
        X509Certificate leaf = CaTestKit.leaf(issue(ecIssuer(dir, clockAt(NOW)), "alice"));

        assertThat(leaf.getCriticalExtensionOIDs()).contains(Extension.extendedKeyUsage.getId());
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    }

    @Test
    void theLeafHasNoOtherExtensionsAndNoSubjectAlternativeName() throws Exception {
        X509Certificate leaf = CaTestKit.leaf(issue(ecIssuer(dir, clockAt(NOW)), "alice"));
        Extensions extensions = holder(leaf).getExtensions();

        assertThat(extensions.getExtensionOIDs())
                .containsExactly(Extension.keyUsage, Extension.extendedKeyUsage);
        assertThat(extensions.getNonCriticalExtensionOIDs()).isEmpty();
        assertThat(leaf.getSubjectAlternativeNames()).isNull();
        assertThat(leaf.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    }

    @Test
    void serialsArePositiveAtMost64BitsAndDifferentAcrossAHundredIssues() {
        Issuer issuer = ecIssuer(dir, clockAt(NOW));
        Set<BigInteger> serials = new HashSet<>();

        for (int i = 0; i < 100; i++) {
            IssuedCertificate issued = issue(issuer, "user" + (i % 3));
            BigInteger serial = CaTestKit.leaf(issued).getSerialNumber();
            assertThat(serial).isEqualTo(issued.serialNumber());
            assertThat(serial.signum()).isEqualTo(1);
            assertThat(serial.bitLength()).isLessThanOrEqualTo(64);
            serials.add(serial);
        }

        assertThat(serials).hasSize(100);
    }

    @ParameterizedTest(name = "{0} months from {1}: notBefore {2}, notAfter {3}")
    @CsvSource({
            "1,  2026-08-10T03:06:35Z, 2026-08-10T02:06:35Z, 2026-09-10T03:06:35Z",
            "3,  2026-08-10T03:06:35Z, 2026-08-10T02:06:35Z, 2026-11-10T03:06:35Z",
            "24, 2026-08-10T03:06:35Z, 2026-08-10T02:06:35Z, 2028-08-10T03:06:35Z",
            // calendar months, not 30-day blocks: the end of a shorter month clamps the day
            "1,  2024-01-31T10:00:00Z, 2024-01-31T09:00:00Z, 2024-02-29T10:00:00Z",
            "1,  2023-01-31T10:00:00Z, 2023-01-31T09:00:00Z, 2023-02-28T10:00:00Z",
            "1,  2026-03-31T00:30:00Z, 2026-03-30T23:30:00Z, 2026-04-30T00:30:00Z",
            "12, 2024-02-29T12:00:00Z, 2024-02-29T11:00:00Z, 2025-02-28T12:00:00Z",
            "24, 2024-02-29T12:00:00Z, 2024-02-29T11:00:00Z, 2026-02-28T12:00:00Z",
            "3,  2026-11-30T23:59:59Z, 2026-11-30T22:59:59Z, 2027-02-28T23:59:59Z",
    })
    void validityIsOneHourBackToNCalendarMonthsAhead(int months, Instant now, Instant notBefore, Instant notAfter)
            throws Exception {
        IssuedCertificate issued = issue(ecIssuer(dir, clockAt(now)), GROUP_ID, "alice", months);
        X509Certificate leaf = CaTestKit.leaf(issued);

        assertThat(leaf.getNotBefore().toInstant()).isEqualTo(notBefore);
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(notAfter);
        assertThat(issued.notBefore()).isEqualTo(notBefore);
        assertThat(issued.notAfter()).isEqualTo(notAfter);
        assertThat(issued.createdAt()).isEqualTo(notBefore);
        CaTestKit.verifyChain(issued, now);
    }

    @Test
    void aClockWithSubSecondPrecisionGivesTheSameWholeSecondTimesInTheRecordAndTheCertificate() {
        IssuedCertificate issued = issue(ecIssuer(dir, clockAt("2026-08-10T03:06:35.987654321Z")), GROUP_ID, "alice", 3);
        X509Certificate leaf = CaTestKit.leaf(issued);

        assertThat(issued.notBefore()).isEqualTo("2026-08-10T02:06:35Z").isEqualTo(leaf.getNotBefore().toInstant());
        assertThat(issued.notAfter()).isEqualTo("2026-11-10T03:06:35Z").isEqualTo(leaf.getNotAfter().toInstant());
        assertThat(issued.createdAt()).isEqualTo(issued.notBefore());
    }

    @Test
    void theRecordNamesTheSubjectTheInternalCaAndTheCertificatesSerial() {
        IssuedCertificate issued = issue(ecIssuer(dir, clockAt(NOW)), "alice");

        assertThat(issued.subject()).isEqualTo("CN=alice");
        assertThat(issued.issuer()).isEqualTo("internal-ca").isEqualTo(InternalCaIssuer.NAME);
        assertThat(issued.serialNumber()).isEqualTo(CaTestKit.leaf(issued).getSerialNumber());
    }

    @Test
    void theRecordsTextNeverShowsThePrivateKey() {
        IssuedCertificate issued = issue(ecIssuer(dir, clockAt(NOW)), "alice");
        String keyBase64 = issued.pem().substring(issued.pem().indexOf("-----BEGIN PRIVATE KEY-----\n") + 28)
                .lines().findFirst().orElseThrow();

        assertThat(issued.toString())
                .doesNotContain("PRIVATE KEY")
                .doesNotContain(keyBase64)
                .contains("CN=alice", issued.serialNumber().toString());
        assertThat(new IssuanceResult.Issued(issued).toString()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void theWorkRunsOnTheGivenExecutorNotOnTheCallersThread() {
        AtomicReference<Thread> worker = new AtomicReference<>();
        Issuer issuer = InternalCaIssuer.create(CaTestKit.ecSettings(),
                new RootCaSource.GeneratedIn(dir.resolve("root")), dir.resolve("groups"),
                task -> new Thread(() -> {
                    worker.set(Thread.currentThread());
                    task.run();
                }, "crypto").start(), clockAt(NOW));

        IssuedCertificate issued = issue(issuer, "alice");

        assertThat(issued.subject()).isEqualTo("CN=alice");
        assertThat(worker.get()).isNotNull().isNotSameAs(Thread.currentThread());
        assertThat(worker.get().getName()).isEqualTo("crypto");
    }

    @Test
    void aLeafIssuedNowStillVerifiesOnItsLastDay() {
        IssuedCertificate issued = issue(ecIssuer(dir, clockAt(NOW)), GROUP_ID, "alice", 24);

        assertThatNoException().isThrownBy(() -> CaTestKit.verifyChain(issued, issued.notAfter().minusSeconds(1)));
    }
}
