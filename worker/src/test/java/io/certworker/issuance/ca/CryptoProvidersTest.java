package io.certworker.issuance.ca;

import static io.certworker.issuance.ca.CaTestKit.NOW;
import static io.certworker.issuance.ca.CaTestKit.clockAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.certworker.issuance.IssuedCertificate;
import io.certworker.issuance.Issuer;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.MintJournal;
import java.nio.file.Path;
import java.security.Provider;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which provider serves each operation, from what loaded and what crypto.provider asks for. */
class CryptoProvidersTest {
    static final Supplier<NativeProvider> CANNOT_LOAD =
            () -> new NativeProvider.Unavailable("UnsatisfiedLinkError: no libamazonCorrettoCryptoProvider", true);
    static final Supplier<NativeProvider> LOADS =
            () -> new NativeProvider.Loaded(new Provider("FakeNative", "1.0", "a stand-in native provider") { });

    @TempDir
    Path dir;

    @Test
    void whenTheNativeProviderCannotLoadTheJdkServesRsaAndBouncyCastleEc() {
        CryptoProviders providers = CryptoProviders.select("auto", CANNOT_LOAD);

        assertThat(providers.nativeLoaded()).isFalse();
        assertThat(providers.inUse()).containsOnly(
                entry(CryptoOperation.RSA_KEY_GENERATION, "jdk"),
                entry(CryptoOperation.EC_KEY_GENERATION, "bouncycastle"),
                entry(CryptoOperation.RSA_SIGNATURE, "jdk"),
                entry(CryptoOperation.ECDSA_SIGNATURE, "bouncycastle"),
                entry(CryptoOperation.CSR_VERIFICATION, "bouncycastle"));
        assertThat(providers.describe()).contains("crypto.provider=auto")
                .contains("ACCP not used: UnsatisfiedLinkError: no libamazonCorrettoCryptoProvider");
    }

    @Test
    void whenTheNativeProviderLoadsItServesKeysRsaSignaturesAndCsrChecksButNeverEcdsaSignatures() {
        CryptoProviders providers = CryptoProviders.select("auto", LOADS);

        assertThat(providers.nativeLoaded()).isTrue();
        assertThat(providers.inUse()).containsOnly(
                entry(CryptoOperation.RSA_KEY_GENERATION, "accp"),
                entry(CryptoOperation.EC_KEY_GENERATION, "accp"),
                entry(CryptoOperation.RSA_SIGNATURE, "accp"),
                entry(CryptoOperation.ECDSA_SIGNATURE, "bouncycastle"),
                entry(CryptoOperation.CSR_VERIFICATION, "accp"));
        assertThat(providers.served(CryptoOperation.EC_KEY_GENERATION).provider().getName()).isEqualTo("FakeNative");
        assertThat(providers.describe()).contains("ECDSA signature bouncycastle (deterministic, RFC 6979)");
    }

    @Test
    void jdkNeverLoadsTheNativeProvider() {
        CryptoProviders providers = CryptoProviders.select("jdk", () -> {
            throw new AssertionError("the native provider was loaded");
        });

        assertThat(providers.nativeLoaded()).isFalse();
        assertThat(providers.inUse(CryptoOperation.EC_KEY_GENERATION)).isEqualTo("bouncycastle");
        assertThat(providers.inUse(CryptoOperation.RSA_KEY_GENERATION)).isEqualTo("jdk");
    }

    @Test
    void accpRequiredWhereItCannotLoadStopsWithTheReasonAndTheWayOut() {
        assertThatThrownBy(() -> CryptoProviders.select("accp", CANNOT_LOAD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("crypto.provider=accp")
                .hasMessageContaining("UnsatisfiedLinkError: no libamazonCorrettoCryptoProvider")
                .hasMessageContaining("crypto.provider=auto");
        assertThat(CryptoProviders.select("ACCP", LOADS).nativeLoaded()).isTrue();
    }

    @Test
    void anUnknownChoiceIsRefusedNamingTheChoices() {
        assertThatThrownBy(() -> CryptoProviders.select("openssl", LOADS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openssl").hasMessageContaining("auto, accp, jdk");
    }

    @Test
    void aProviderClassThatIsNotInTheBuildIsUnavailableWithoutBeingAFault() {
        NativeProvider missing = CorrettoCrypto.attempt("com.example.NoSuchProvider");

        assertThat(missing).isEqualTo(new NativeProvider.Unavailable(
                "not in this build (a build on Linux x86_64 or aarch64 bundles it)", false));
    }

    @Test
    void theBuildBundlesAccpForLinuxX8664AndAarch64AndItLoadsThere() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        boolean bundled = os.equals("linux") && (arch.equals("amd64") || arch.equals("aarch64"));

        NativeProvider loaded = CorrettoCrypto.load();

        assertThat(loaded instanceof NativeProvider.Loaded).as("%s on %s %s", loaded, os, arch).isEqualTo(bundled);
        assertThat(CryptoProviders.automatic().nativeLoaded()).isEqualTo(bundled);
    }

    @Test
    void anIssuerOnTheFallbackProvidersIssuesValidCertificates() throws Exception {
        CryptoProviders fallback = CryptoProviders.select("auto", CANNOT_LOAD);
        for (KeyAlgorithm algorithm : new KeyAlgorithm[] {KeyAlgorithm.EC_P256, KeyAlgorithm.RSA_2048}) {
            CaSettings settings = new CaSettings(algorithm, algorithm, CaTestKit.OU, CaTestKit.O,
                    java.time.Duration.ofDays(3650), java.time.Duration.ofDays(7300));
            Path ca = dir.resolve(algorithm.configName());
            Issuer issuer = InternalCaIssuer.create(settings, new RootCaSource.GeneratedIn(ca.resolve("root")),
                    GroupCaStore.onDisk(ca.resolve("groups")), MintJournal.NONE, null, CaObserver.NONE, KeyPool.NONE,
                    fallback, CaTestKit.DIRECT, clockAt(NOW));

            IssuedCertificate issued = CaTestKit.issue(issuer, "alice");

            CaTestKit.verifyChain(issued, NOW);
            assertThat(CaTestKit.leaf(issued).getPublicKey().getAlgorithm()).isEqualTo(algorithm.family());
        }
    }
}
