package io.certworker.bench;

import io.certworker.issuance.CertificateOrder;
import io.certworker.issuance.IssuanceResult;
import io.certworker.issuance.Issuer;
import io.certworker.issuance.JournaledIssuer;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.MintJournal;
import io.certworker.issuance.ca.CaObserver;
import io.certworker.issuance.ca.CaSettings;
import io.certworker.issuance.ca.CryptoProviders;
import io.certworker.issuance.ca.GroupCaStore;
import io.certworker.issuance.ca.InternalCaIssuer;
import io.certworker.issuance.ca.KeyPool;
import io.certworker.issuance.ca.RootCaSource;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What one request costs the internal CA on one core: the whole issue path (key or CSR check, certificate, CA
 * signature, PEM), on the calling thread with no Kafka, in CPU milliseconds of that thread, with the providers in use
 * and with the fallback. This is the CPU floor of one request's latency on an idle worker.
 */
final class RequestCost {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int POOLED = 10;

    private final PrintStream progress;
    private final String csr;
    private Path directory;

    RequestCost(PrintStream progress) throws Exception {
        this.progress = progress;
        this.csr = BenchRunner.csrs(1).get(0);
    }

    /** Measures and prints the table; the CAs it makes live in a temporary folder, deleted at the end. */
    void print(PrintStream out, CryptoProviders inUse) throws Exception {
        directory = Files.createTempDirectory("cert-worker-request-cost");
        try {
            measureAndPrint(out, inUse);
        } finally {
            try (var paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private void measureAndPrint(PrintStream out, CryptoProviders inUse) throws Exception {
        CryptoProviders fallback = CryptoProviders.select(CryptoProviders.JDK);
        out.println("### One request through the internal CA, one core (mean CPU ms per request, no Kafka)");
        out.println();
        out.println("| Request | crypto.provider=" + inUse.choice() + " | crypto.provider=jdk |");
        out.println("|---|---|---|");
        out.printf(Locale.ROOT, "| P-256 key + P-256 CA signature | %.3f | %.3f |%n",
                loop(inUse, KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P256, null),
                loop(fallback, KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P256, null));
        out.printf(Locale.ROOT, "| P-256 CSR + P-256 CA signature | %.3f | %.3f |%n",
                loop(inUse, KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P256, csr),
                loop(fallback, KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P256, csr));
        out.printf(Locale.ROOT, "| pooled RSA-4096 key + RSA-4096 CA signature | %.3f | %.3f |%n",
                pooled(inUse), pooled(fallback));
        out.println();
    }

    /** Mean CPU ms of a request, issued over and over (after a warm-up) on this thread. */
    private double loop(CryptoProviders providers, KeyAlgorithm subject, KeyAlgorithm ca, String requestCsr)
            throws Exception {
        progress.println("One request: " + subject + (requestCsr == null ? " key" : " CSR") + ", " + ca + " CA ("
                + providers.choice() + ")");
        Issuer issuer = issuer(providers, subject, ca, KeyPool.NONE);
        // The whole path, ASN.1 and PEM included, takes thousands of requests to be compiled: a long warm-up.
        return 1000 / CpuTimedLoop.rate(() -> issue(issuer, requestCsr), 200, 4_000_000_000L, 2_000_000_000L);
    }

    /**
     * Mean CPU ms of a request whose RSA-4096 key waits in a full pool: the pool is filled first (by its own thread),
     * then {@value #POOLED} requests take its keys.
     */
    private double pooled(CryptoProviders providers) throws Exception {
        progress.println("One request: pooled RSA-4096 key, RSA-4096 CA (" + providers.choice() + ")");
        try (KeyPool pool = KeyPool.of(KeyAlgorithm.RSA_4096, POOLED, CaObserver.NONE, providers)) {
            Issuer issuer = issuer(providers, KeyAlgorithm.RSA_4096, KeyAlgorithm.RSA_4096, pool);
            for (int i = 0; i < 1000; i++) {
                issue(issuer, csr); // the RSA-4096 CA's signing path warmed up, no pooled key taken
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (pool.available() < POOLED) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the key pool did not fill");
                }
                Thread.sleep(200);
            }
            long started = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < POOLED; i++) {
                issue(issuer, null);
            }
            double millis = (THREADS.getCurrentThreadCpuTime() - started) / 1e6 / POOLED;
            if (pool.available() != 0) {
                throw new IllegalStateException("the requests did not take the pool's keys");
            }
            return millis;
        }
    }

    private Issuer issuer(CryptoProviders providers, KeyAlgorithm subject, KeyAlgorithm ca, KeyPool pool) {
        Path root = directory.resolve("request-cost-" + UUID.randomUUID());
        CaSettings settings = new CaSettings(subject, ca, "cert-worker", "cert-worker", Duration.ofDays(3650),
                Duration.ofDays(7300));
        Issuer issuer = new JournaledIssuer<>(InternalCaIssuer.minter(settings,
                new RootCaSource.GeneratedIn(root.resolve("root")), GroupCaStore.onDisk(root.resolve("groups")), null,
                CaObserver.NONE, pool, providers, null, null, Runnable::run, Clock.systemUTC()), MintJournal.NONE);
        issue(issuer, csr); // the project's CA is created before anything is timed, and no pooled key is taken
        return issuer;
    }

    private static void issue(Issuer issuer, String csr) {
        IssuanceResult result = issuer.issue(new CertificateOrder(UUID.randomUUID().toString(), BenchRunner.GROUP,
                "user0", 3, csr)).toCompletableFuture().join();
        if (!(result instanceof IssuanceResult.Issued)) {
            throw new IllegalStateException("refused: " + result);
        }
    }
}
