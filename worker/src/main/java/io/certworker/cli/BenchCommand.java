package io.certworker.cli;

import io.certworker.bench.BenchRunner;
import io.certworker.bench.CfsslComparison;
import io.certworker.bench.ProviderComparison;
import io.certworker.bench.RequestStateBenchmark;
import io.certworker.bench.ResultsTable;
import io.certworker.bench.Scenario;
import io.certworker.config.ConfigSources;
import io.certworker.config.WorkerConfig;
import io.certworker.dev.DevBroker;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.ca.CryptoProviders;
import io.certworker.runtime.Logging;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cert-worker bench}: how fast the worker issues, raw and through Kafka, on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure issuing on this machine, in one run, on an embedded Kafka broker: for each scenario "
                + "(a) the raw rate of the internal CA on all cores with no Kafka at all, (b) the end-to-end rate and "
                + "latency percentiles through Kafka, and the ratio (b)/(a). Progress goes to standard error (one "
                + "line per phase when that is not a terminal); the results, as Markdown tables, to standard output.",
                "Scenarios: rsa4096 (Atlas parity), rsa2048, p256, csr (requests carrying a P-256 CSR), "
                        + "rsa4096-pool, rsa2048-pool, p256-pool (a burst the size of a key pool filled first), and "
                        + "p256-idle, rsa4096-pool-idle (one request at a time: the latency on an idle worker).",
                "Also, when named: request-state (heap per remembered requestId, and the time to restore a partition "
                        + "of that many answered requests; --requests sets how many, 1000000 by default)."},
        footer = {"", "Example:", "  java -jar worker/target/cert-worker.jar bench > results.md",
                "  java -jar worker/target/cert-worker.jar bench --scenarios p256,csr --requests 2000",
                "  java -jar worker/target/cert-worker.jar bench --scenarios p256,csr,rsa4096 --compare-cfssl",
                "  java -jar worker/target/cert-worker.jar bench --scenarios request-state"})
final class BenchCommand implements Callable<Integer> {
    static final String ALL_SCENARIOS = "rsa4096,rsa4096-pool,rsa2048,rsa2048-pool,p256,p256-pool,csr,p256-idle,"
            + "rsa4096-pool-idle";
    static final String REQUEST_STATE = "request-state";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME",
            defaultValue = ALL_SCENARIOS,
            description = "Which scenarios, comma separated. Default: ${DEFAULT-VALUE}.")
    List<String> scenarios;

    @Option(names = "--requests", paramLabel = "N",
            description = "Requests per scenario (default: 60 for RSA-4096, 30 for its pool burst, 150 for RSA-2048, "
                    + "5000 for P-256 and CSR, 1000 for the P-256 pool burst, 200 and 30 for the idle ones).")
    Integer requests;

    @Option(names = "--warm-up", paramLabel = "N", defaultValue = "" + BenchRunner.WARM_UP_REQUESTS,
            description = "Requests that warm each scenario up (raw and end to end) before it is timed. Default: "
                    + "${DEFAULT-VALUE}; fewer only to check that bench runs, the figures are then not comparable.")
    int warmUp;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder for the broker and the CAs (default: a new temporary folder, deleted at the end).")
    Path dataDir;

    @Option(names = "--skip-providers", description = "Do not compare the crypto providers (ACCP, JDK, BouncyCastle).")
    boolean skipProviders;

    @Option(names = "--verbose", description = "Log at DEBUG, the workers' outcome lines and Kafka's warnings "
            + "included (as log.level=DEBUG); otherwise warnings only, unless log.level is set.")
    boolean verbose;
    @Option(names = "--providers-only",
            description = "Only compare the crypto providers, on one thread: no broker, no scenarios.")
    boolean providersOnly;

    @Option(names = "--crypto-provider", paramLabel = "CHOICE", defaultValue = CryptoProviders.AUTO,
            description = "crypto.provider of the raw runs and the workers: auto, accp or jdk (the providers before "
                    + "ACCP, for a before/after comparison). Default: ${DEFAULT-VALUE}.")
    String cryptoProvider;

    @Option(names = "--compare-cfssl",
            description = "After the scenarios, measure cfssl serve (newcert P-256, RSA-4096, RSA-2048; sign of a "
                    + "P-256 CSR) with wrk on this machine and print each ratio. Needs cfssl and wrk on PATH.")
    boolean compareCfssl;

    @Option(names = "--cfssl-seconds", paramLabel = "S", defaultValue = "20",
            description = "Seconds per cfssl endpoint (twice that for RSA-4096). Default: ${DEFAULT-VALUE}.")
    int cfsslSeconds;

    /** The PATH cfssl and wrk are looked up on. */
    String toolPath = System.getenv("PATH");

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        // A terminal sees each phase's counter move; a file or a CI log gets one line per phase.
        PrintStream progress = Terminals.isTerminal(Terminals.STDERR) ? System.err
                : new PrintStream(new ProgressLines(System.err), true, StandardCharsets.UTF_8);
        // Warnings only: the workers' INFO lines (one per outcome) would bury the progress.
        Logging.command(new WorkerConfig(ConfigSources.merge(null, System.getenv(), Map.of())), verbose);
        // Every name checked before anything starts: a typo should not cost the scenarios before it.
        List<String> names = scenarios.stream().map(name -> name.trim().toLowerCase(Locale.ROOT)).toList();
        boolean requestState = names.contains(REQUEST_STATE);
        List<Scenario> chosen = names.stream().filter(name -> !name.equals(REQUEST_STATE)).map(this::scenario)
                .toList();
        if (!CryptoProviders.CHOICES.contains(cryptoProvider)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown crypto provider "
                    + cryptoProvider + "; expected one of " + String.join(", ", CryptoProviders.CHOICES));
        }
        if (warmUp < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--warm-up must be 0 or more, not "
                    + warmUp);
        }
        if (compareCfssl) {
            Optional<String> missing = CfsslComparison.missingTools(toolPath);
            if (missing.isPresent()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), missing.get());
            }
        }
        CryptoProviders providers = CryptoProviders.select(cryptoProvider);
        if (providersOnly) {
            new ProviderComparison(providers, progress).print(out);
            return 0;
        }
        Path directory = dataDir != null ? dataDir : Files.createTempDirectory("cert-worker-bench");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        out.printf("# cert-worker bench%n%nMachine: %d cores, %s, Java %s, max heap %d MB%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " "
                        + System.getProperty("os.arch"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
        List<BenchRunner.Result> results = new ArrayList<>();
        RequestStateBenchmark.Result memory = null;
        List<CfsslComparison.Measured> cfssl = null;
        try {
            try (AutoCloseable broker = DevBroker.start(port, directory.resolve("kafka"))) {
                BenchRunner runner = new BenchRunner("127.0.0.1:" + port, directory, progress, providers, warmUp);
                for (Scenario scenario : chosen) {
                    results.add(runner.run(scenario));
                }
                if (requestState) {
                    memory = new RequestStateBenchmark("127.0.0.1:" + port, progress).run(requestsOr(1_000_000));
                }
            }
            if (compareCfssl) { // right after the scenarios, with the broker stopped, so that cfssl has the machine
                cfssl = new CfsslComparison(progress, Duration.ofSeconds(cfsslSeconds), directory.resolve("cfssl")).run();
            }
        } finally {
            if (dataDir == null) {
                deleteQuietly(directory);
            }
        }
        if (memory != null) {
            out.println("| Remembered requestIds | Table bytes per id | Heap growth per id | Restore of the partition | Records restored |");
            out.println("|---|---|---|---|---|");
            out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %d ms | %d |%n%n", memory.remembered(),
                    memory.tableBytesPerId(), memory.heapBytesPerId(), memory.restoreMillis(), memory.restoreRecords());
        }
        if (!results.isEmpty()) {
            ResultsTable.print(out, results, providers);
        }
        if (cfssl != null) {
            out.println();
            CfsslComparison.print(out, cfssl, results);
        }
        if (!skipProviders && !chosen.isEmpty()) { // request-state alone measures memory, not crypto
            out.println();
            progress.println("Comparing providers…");
            new ProviderComparison(providers, progress).print(out);
        }
        progress.flush();
        return 0;
    }

    private Scenario scenario(String name) {
        return switch (name) {
            case "rsa4096" -> new Scenario(name, KeyAlgorithm.RSA_4096, false, 0, requestsOr(60));
            case "rsa4096-pool" -> new Scenario(name, KeyAlgorithm.RSA_4096, false, requestsOr(30), requestsOr(30));
            case "rsa2048" -> new Scenario(name, KeyAlgorithm.RSA_2048, false, 0, requestsOr(150));
            case "rsa2048-pool" -> new Scenario(name, KeyAlgorithm.RSA_2048, false, requestsOr(150), requestsOr(150));
            case "p256" -> new Scenario(name, KeyAlgorithm.EC_P256, false, 0, requestsOr(5000));
            case "p256-pool" -> new Scenario(name, KeyAlgorithm.EC_P256, false, requestsOr(1000), requestsOr(1000));
            case "csr" -> new Scenario(name, KeyAlgorithm.EC_P256, true, 0, requestsOr(5000));
            case "p256-idle" -> new Scenario(name, KeyAlgorithm.EC_P256, false, 0, requestsOr(200), true);
            case "rsa4096-pool-idle" -> new Scenario(name, KeyAlgorithm.RSA_4096, false, requestsOr(30),
                    requestsOr(30), true);
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown scenario " + name + "; expected one of " + ALL_SCENARIOS);
        };
    }

    private int requestsOr(int fallback) {
        return requests != null ? requests : fallback;
    }

    private static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is no failure
        }
    }
}
