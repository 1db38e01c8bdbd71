package io.certworker.issuance.ca;

import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.Issuer;
import io.certworker.issuance.JournaledIssuer;
import io.certworker.issuance.MintJournal;
import io.certworker.issuance.ca.pkcs11.Pkcs11Settings;
import io.certworker.issuance.ca.pkcs11.Pkcs11Token;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The raw in-process issuance rate with the project CA key in a PKCS#11 token against in software (docs/benchmarks.md),
 * run by hand: {@code java --add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED -cp <test
 * classpath> io.certworker.issuance.ca.HsmIssuanceRate <library> <token label> <pin> <root label> <subject key
 * algorithm> <certificates> <threads> <pkcs11|software>} with SOFTHSM2_CONF set. Not a test: it asserts nothing.
 */
public final class HsmIssuanceRate {
    private HsmIssuanceRate() {
    }

    public static void main(String[] args) throws Exception {
        KeyAlgorithm subject = KeyAlgorithm.parse(args[4]);
        int count = Integer.parseInt(args[5]);
        int threads = Integer.parseInt(args[6]);
        boolean inToken = args[7].equals("pkcs11");
        CaSettings settings = new CaSettings(subject, KeyAlgorithm.RSA_4096, "cert-worker", "cert-worker",
                Duration.ofDays(3650), Duration.ofDays(7300));
        Path store = Files.createTempDirectory("hsm-rate");
        ExecutorService crypto = Executors.newFixedThreadPool(threads);
        Pkcs11Token token = inToken ? Pkcs11Token.open(new Pkcs11Settings(Path.of(args[0]), args[1], -1,
                args[2].toCharArray(), Duration.ofMinutes(10))) : null;
        Issuer issuer = new JournaledIssuer<>(InternalCaIssuer.minter(settings,
                inToken ? new RootCaSource.InToken(args[3]) : new RootCaSource.GeneratedIn(store.resolve("root")),
                GroupCaStore.onDisk(store.resolve("groups")), null, CaObserver.NONE, KeyPool.NONE,
                CryptoProviders.automatic(), token, null,
                crypto, Clock.systemUTC()), MintJournal.NONE);
        String groupId = "5efda6aea3f2ed2e7dd6ce05";
        issuer.issue(new CertificateOrder(UUID.randomUUID().toString(), groupId, "warm-up", 12)).toCompletableFuture()
                .join(); // creates the project CA (an RSA-4096 key) outside the measurement
        for (int round = 0; round < 2; round++) {
            long started = System.nanoTime();
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                all.add(issuer.issue(new CertificateOrder(UUID.randomUUID().toString(), groupId, "user-" + i, 12))
                        .toCompletableFuture());
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("%s CA key, %s subject keys, %d threads: %d certificates in %.2f s = %.1f/s%n",
                    inToken ? "SoftHSM2" : "software", subject.configName(), threads, count, seconds, count / seconds);
        }
        crypto.shutdown();
        if (token != null) {
            token.close();
        }
    }
}
