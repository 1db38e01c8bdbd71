package io.certworker.issuance.ca;

import static io.certworker.issuance.ca.CaTestKit.GROUP_ID;
import static io.certworker.issuance.ca.CaTestKit.OTHER_GROUP_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link FileCaStore}: per-project CAs on disk, the first writer wins. */
class FileCaStoreTest {
    @TempDir
    Path dir;

    private static StoredCa ca(String name) {
        KeyPair keys = CaTestKit.ecKeyPair();
        return new StoredCa(CaTestKit.holder(CaTestKit.selfSignedCa(name, keys)), keys.getPrivate());
    }

    private static void assertSameCa(StoredCa actual, StoredCa expected) {
        assertThat(actual.certificate()).isEqualTo(expected.certificate());
        assertThat(CaTestKit.keysMatch(publicKey(expected), actual.privateKey()))
                .as("the key that was kept belongs to the kept certificate").isTrue();
    }

    private static PublicKey publicKey(StoredCa ca) {
        try {
            return new JcaX509CertificateConverter().getCertificate(ca.certificate()).getPublicKey();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUnknownGroupHasNoCa() {
        assertThat(new FileCaStore(dir.resolve("store")).load(GROUP_ID)).isEmpty();
    }

    @Test
    void theFirstWriterWinsAndBothWritersGetItsCa() {
        FileCaStore store = new FileCaStore(dir.resolve("store"));
        StoredCa first = ca("first");
        StoredCa second = ca("second");

        StoredCa kept = store.storeIfAbsent(GROUP_ID, first);
        StoredCa keptAgain = store.storeIfAbsent(GROUP_ID, second);

        assertSameCa(kept, first);
        assertSameCa(keptAgain, first);
        assertSameCa(store.load(GROUP_ID).orElseThrow(), first);
        assertThat(CaTestKit.entries(dir.resolve("store"))).containsExactly(GROUP_ID);
    }

    @Test
    void aNewStoreOnTheSameDirectoryLoadsWhatWasKept() {
        StoredCa first = ca("first");
        new FileCaStore(dir.resolve("store")).storeIfAbsent(GROUP_ID, first);

        FileCaStore reopened = new FileCaStore(dir.resolve("store"));

        assertSameCa(reopened.load(GROUP_ID).orElseThrow(), first);
        assertSameCa(reopened.storeIfAbsent(GROUP_ID, ca("late")), first);
        assertThat(reopened.load(OTHER_GROUP_ID)).isEmpty();
    }

    @Test
    void concurrentWritersAllGetTheOneCaThatWasKept() throws Exception {
        int writers = 8;
        FileCaStore store = new FileCaStore(dir.resolve("store"));
        List<StoredCa> candidates = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            candidates.add(ca("candidate " + i));
        }
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<StoredCa>> kept = new ArrayList<>();
            for (StoredCa candidate : candidates) {
                Callable<StoredCa> write = () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return store.storeIfAbsent(GROUP_ID, candidate);
                };
                kept.add(pool.submit(write));
            }
            StoredCa winner = kept.get(0).get(30, TimeUnit.SECONDS);
            assertThat(candidates).extracting(StoredCa::certificate).contains(winner.certificate());
            for (Future<StoredCa> result : kept) {
                assertThat(result.get(30, TimeUnit.SECONDS).certificate()).isEqualTo(winner.certificate());
            }
            assertThat(store.load(GROUP_ID).orElseThrow().certificate()).isEqualTo(winner.certificate());
            assertThat(CaTestKit.entries(dir.resolve("store"))).containsExactly(GROUP_ID);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "../escape0123456789abcdef", "5EFDA6AEA3F2ED2E7DD6CE05", "5efda6aea3f2ed2e7dd6ce0", "groups"})
    void aGroupIdThatIsNot24LowercaseHexCharactersIsRefused(String groupId) {
        FileCaStore store = new FileCaStore(dir.resolve("store"));

        assertThatIllegalArgumentException().isThrownBy(() -> store.load(groupId));
        assertThatIllegalArgumentException().isThrownBy(() -> store.storeIfAbsent(groupId, ca("x")));
        assertThat(CaTestKit.entries(dir.resolve("store"))).isEmpty();
    }

    @Test
    void storedCasNeverShowTheirKeyInText() {
        StoredCa ca = ca("shown");

        assertThat(ca.toString()).contains("shown").contains("redacted").doesNotContain("PRIVATE");
    }
}
