package io.certworker.issuance.ca;

import io.certworker.issuance.Issuer;
import static io.certworker.issuance.ca.CaTestKit.GROUP_ID;
import static io.certworker.issuance.ca.CaTestKit.NOW;
import static io.certworker.issuance.ca.CaTestKit.OTHER_GROUP_ID;
import static io.certworker.issuance.ca.CaTestKit.clockAt;
import static io.certworker.issuance.ca.CaTestKit.ecIssuer;
import static io.certworker.issuance.ca.CaTestKit.issue;
import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.IssuedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One issuing CA per project: created on first use, then reused by every later certificate and every restart. */
class GroupCaReuseTest {
    private static final int THREADS = 8;

    @TempDir
    Path dir;
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theSameGroupGetsTheSameCaOnEveryIssue() {
        Issuer issuer = ecIssuer(dir, clockAt(NOW));

        IssuedCertificate first = issue(issuer, GROUP_ID, "alice", 3);
        IssuedCertificate second = issue(issuer, GROUP_ID, "bob", 1);
        IssuedCertificate third = issue(issuer, GROUP_ID, "alice", 24);

        assertThat(second.caCertificatePem()).isEqualTo(first.caCertificatePem());
        assertThat(third.caCertificatePem()).isEqualTo(first.caCertificatePem());
        assertThat(CaTestKit.entries(dir.resolve("groups"))).containsExactly(GROUP_ID);
    }

    @Test
    void aNewIssuerOnTheSameStoreReusesTheGroupsCa() throws Exception {
        IssuedCertificate before = issue(ecIssuer(dir, clockAt(NOW)), GROUP_ID, "alice", 3);

        Clock later = clockAt(NOW.plusSeconds(86_400 * 30));
        IssuedCertificate after = issue(ecIssuer(dir, later), GROUP_ID, "alice", 3);

        assertThat(after.caCertificatePem()).isEqualTo(before.caCertificatePem());
        CaTestKit.verifyChain(after, later.instant());
        assertThat(CaTestKit.entries(dir.resolve("groups"))).containsExactly(GROUP_ID);
    }

    @Test
    void twoGroupsGetDifferentCasUnderTheSameRoot() throws Exception {
        Issuer issuer = ecIssuer(dir, clockAt(NOW));

        IssuedCertificate one = issue(issuer, GROUP_ID, "alice", 3);
        IssuedCertificate other = issue(issuer, OTHER_GROUP_ID, "alice", 3);

        X509Certificate oneCa = CaTestKit.groupCa(one);
        X509Certificate otherCa = CaTestKit.groupCa(other);
        assertThat(otherCa).isNotEqualTo(oneCa);
        assertThat(otherCa.getPublicKey()).isNotEqualTo(oneCa.getPublicKey());
        assertThat(otherCa.getSubjectX500Principal().getName()).endsWith(",CN=" + OTHER_GROUP_ID);
        assertThat(CaTestKit.leaf(other).getIssuerX500Principal()).isEqualTo(otherCa.getSubjectX500Principal());
        assertThat(CaTestKit.root(other)).isEqualTo(CaTestKit.root(one));
        CaTestKit.verifyChain(one, NOW);
        CaTestKit.verifyChain(other, NOW);
        assertThat(CaTestKit.entries(dir.resolve("groups"))).containsExactlyInAnyOrder(GROUP_ID, OTHER_GROUP_ID);
    }

    @RepeatedTest(3)
    void concurrentFirstIssuesForOneGroupCreateExactlyOneCa() throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        Issuer issuer = InternalCaIssuer.create(CaTestKit.ecSettings(),
                new RootCaSource.GeneratedIn(dir.resolve("root")), dir.resolve("groups"),
                task -> pool.execute(() -> {
                    await(start);
                    task.run();
                }), clockAt(NOW));

        List<CompletableFuture<IssuanceResult>> results = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            results.add(issuer.issue(CaTestKit.order(GROUP_ID, "user" + i, 3)).toCompletableFuture());
        }

        assertAllChainToOneCa(results);
    }

    @RepeatedTest(3)
    void concurrentFirstIssuesFromTwoIssuersSharingAStoreAgreeOnOneCa() throws Exception {
        ecIssuer(dir, clockAt(NOW)); // generate the shared root once, so that both issuers below load the same one
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Issuer> issuers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            issuers.add(InternalCaIssuer.create(CaTestKit.ecSettings(),
                    new RootCaSource.GeneratedIn(dir.resolve("root")), dir.resolve("groups"),
                    task -> pool.execute(() -> {
                        await(start);
                        task.run();
                    }), clockAt(NOW)));
        }

        List<CompletableFuture<IssuanceResult>> results = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            results.add(issuers.get(i % 2).issue(CaTestKit.order(GROUP_ID, "user" + i, 3)).toCompletableFuture());
        }

        assertAllChainToOneCa(results);
    }

    private void assertAllChainToOneCa(List<CompletableFuture<IssuanceResult>> results) throws Exception {
        List<IssuedCertificate> issued = new ArrayList<>();
        for (CompletableFuture<IssuanceResult> result : results) {
            issued.add(CaTestKit.issued(result.get(30, TimeUnit.SECONDS)));
        }
        X509Certificate ca = CaTestKit.groupCa(issued.get(0));
        for (IssuedCertificate certificate : issued) {
            assertThat(CaTestKit.groupCa(certificate)).isEqualTo(ca);
            CaTestKit.leaf(certificate).verify(ca.getPublicKey());
            CaTestKit.verifyChain(certificate, NOW);
        }
        assertThat(CaTestKit.entries(dir.resolve("groups"))).containsExactly(GROUP_ID);
        // and the one on disk is the one every certificate chains to
        X509Certificate stored = CaTestKit.certificates(
                Files.readString(dir.resolve("groups").resolve(GROUP_ID).resolve("ca.pem"))).get(0);
        assertThat(stored).isEqualTo(ca);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the threads did not all start", e);
        }
    }
}
