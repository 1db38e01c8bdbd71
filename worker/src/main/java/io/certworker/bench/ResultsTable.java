package io.certworker.bench;

import io.certworker.issuance.ca.CryptoOperation;
import io.certworker.issuance.ca.CryptoProviders;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The scenarios' figures as one Markdown table, with the provider that served each scenario's crypto. */
public final class ResultsTable {
    private ResultsTable() {
    }

    public static void print(PrintStream out, List<BenchRunner.Result> results, CryptoProviders providers) {
        out.println("| Scenario | Requests | (a) raw /s | (b) end-to-end /s | (b)/(a) | p50 ms | p95 ms | p99 ms | max ms "
                + "| Key pair by | CA signature by |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (BenchRunner.Result result : results) {
            out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2f | %.1f | %.1f | %.1f | %.1f | %s | %s |%n",
                    result.scenario().name(), result.scenario().requests(), result.rawPerSecond(),
                    result.endToEndPerSecond(), result.ratio(),
                    result.latencies().p50(), result.latencies().p95(), result.latencies().p99(),
                    result.latencies().max(), keyPairBy(result.scenario(), providers), caSignatureBy(providers));
        }
    }

    /** Who made the subject key; for a CSR, nobody: the requester did, and its signature was checked. */
    static String keyPairBy(Scenario scenario, CryptoProviders providers) {
        if (scenario.csr()) {
            return "none (CSR checked by " + providers.inUse(CryptoOperation.CSR_VERIFICATION) + ")";
        }
        return providers.inUse(CryptoOperation.keyGeneration(scenario.algorithm().isRsa()));
    }

    /** Every scenario's CA key is P-256 (BenchRunner). */
    static String caSignatureBy(CryptoProviders providers) {
        return providers.inUse(CryptoOperation.ECDSA_SIGNATURE) + " (RFC 6979)";
    }
}
