package io.certworker.issuance.ca;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.issuance.KeyAlgorithm;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class KeyPoolTest {
    @Test
    void thePoolFillsToItsSizeAndHandsEachKeyOutOnce() {
        try (KeyPool pool = KeyPool.of(KeyAlgorithm.EC_P256, 20, CaObserver.NONE)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pool.available() == 20);
            assertThat(pool.size()).isEqualTo(20);

            Set<KeyPair> taken = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                taken.add(pool.take(KeyAlgorithm.EC_P256));
            }
            assertThat(taken).hasSize(20).doesNotContainNull();
            assertThat(pool.take(KeyAlgorithm.RSA_2048)).as("another algorithm").isNull();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pool.available() == 20);
            assertThat(taken).doesNotContain(pool.take(KeyAlgorithm.EC_P256));
        }
    }

    @Test
    void aFactoryTakesFromThePoolFirstAndMakesKeysWhenItIsEmpty() {
        try (KeyPool pool = KeyPool.of(KeyAlgorithm.EC_P256, 1, CaObserver.NONE)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pool.available() == 1);
            KeyPairFactory factory = new KeyPairFactory(CaObserver.NONE, pool);

            assertThat(factory.generate(KeyAlgorithm.EC_P256)).isNotNull();
            assertThat(factory.generate(KeyAlgorithm.EC_P256)).isNotNull();
            assertThat(factory.generate(KeyAlgorithm.EC_P384).getPublic().getAlgorithm()).isEqualTo("EC");
        }
    }

    @Test
    void thePoolDoesNotRefillWhileKeysAreStillBeingAskedFor() throws InterruptedException {
        try (KeyPool pool = KeyPool.of(KeyAlgorithm.EC_P256, 5, CaObserver.NONE)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pool.available() == 5);
            for (int i = 0; i < 5; i++) {
                assertThat(pool.take(KeyAlgorithm.EC_P256)).isNotNull();
            }

            long burstEnds = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < burstEnds) { // a burst that outlasts the pool: requests make their own keys
                assertThat(pool.take(KeyAlgorithm.EC_P256)).as("no key made during the burst").isNull();
                Thread.sleep(KeyPool.QUIET_PERIOD.toMillis() / 5);
            }

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pool.available() == 5);
        }
    }

    @Test
    void aSizeOfZeroIsNoPool() {
        KeyPool pool = KeyPool.of(KeyAlgorithm.RSA_4096, 0, CaObserver.NONE);

        assertThat(pool.size()).isZero();
        assertThat(pool.take(KeyAlgorithm.RSA_4096)).isNull();
    }
}
