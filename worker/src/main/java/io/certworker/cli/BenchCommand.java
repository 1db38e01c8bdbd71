package io.certworker.cli;

import io.certworker.bench.BenchRunner;
import io.certworker.bench.ProviderComparison;
import io.certworker.bench.RequestStateBenchmark;
import io.certworker.bench.Scenario;
import io.certworker.config.ConfigSources;
import io.certworker.config.WorkerConfig;
import io.certworker.dev.DevBroker;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.runtime.Logging;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cert-worker bench}: how fast the worker issues, raw and through Kafka, on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure issuing on this machine, in one run, on an embedded Kafka broker: for each scenario "
                + "(a) the raw rate of the internal CA on all cores with no Kafka at all, (b) the end-to-end rate and "
                + "latency percentiles through Kafka, and the ratio (b)/(a). Progress goes to standard error (one "
                + "line per phase when that is not a terminal); the results, as Markdown tables, to standard output.",
                "Scenarios: rsa4096 (Atlas parity), rsa2048, p256, csr (requests carrying a P-256 CSR), and "
                        + "rsa4096-pool, rsa2048-pool, p256-pool (a burst the size of a key pool filled first).",
                "Also, when named: request-state (heap per remembered requestId, and the time to restore a partition "
                        + "of that many answered requests; --requests sets how many, 1000000 by default)."},
        footer = {"", "Example:", "  java -jar worker/target/cert-worker.jar bench > results.md",
                "  java -jar worker/target/cert-worker.jar bench --scenarios p256,csr --requests 2000",
                "  java -jar worker/target/cert-worker.jar bench --scenarios request-state"})
final class BenchCommand implements Callable<Integer> {
    static final String ALL_SCENARIOS = "rsa4096,rsa4096-pool,rsa2048,rsa2048-pool,p256,p256-pool,csr";
    static final String REQUEST_STATE = "request-state";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME",
            defaultValue = ALL_SCENARIOS,
            description = "Which scenarios, comma separated. Default: ${DEFAULT-VALUE}.")
    List<String> scenarios;

    @Option(names = "--requests", paramLabel = "N",
            description = "Requests per scenario (default: 60 for RSA-4096, 30 for its pool burst, 150 for RSA-2048, 5000 for P-256 and CSR, 1000 for the P-256 pool burst).")
    Integer requests;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder for the broker and the CAs (default: a new temporary folder, deleted at the end).")
    Path dataDir;

    @Option(names = "--skip-providers", description = "Do not compare the JDK's providers with BouncyCastle.")
    boolean skipProviders;

    @Option(names = "--verbose", description = "Log at DEBUG, the workers' outcome lines and Kafka's warnings "
            + "included (as log.level=DEBUG); otherwise warnings only, unless log.level is set.")
    boolean verbose;

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
        try (AutoCloseable broker = DevBroker.start(port, directory.resolve("kafka"))) {
            BenchRunner runner = new BenchRunner("127.0.0.1:" + port, directory, progress);
            for (Scenario scenario : chosen) {
                results.add(runner.run(scenario));
            }
            if (requestState) {
                memory = new RequestStateBenchmark("127.0.0.1:" + port, progress).run(requestsOr(1_000_000));
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
        if (results.isEmpty()) {
            return 0;
        }
        out.println("| Scenario | Requests | (a) raw /s | (b) end-to-end /s | (b)/(a) | p50 ms | p95 ms | p99 ms | max ms |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (BenchRunner.Result result : results) {
            out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2f | %.1f | %.1f | %.1f | %.1f |%n",
                    result.scenario().name(), result.scenario().requests(), result.rawPerSecond(),
                    result.endToEndPerSecond(), result.ratio(),
                    result.latencies().p50(), result.latencies().p95(), result.latencies().p99(),
                    result.latencies().max());
        }
        if (!skipProviders) {
            out.println();
            progress.println("Comparing providers…");
            ProviderComparison.print(out);
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
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown scenario " + name + "; expected one of " + ALL_SCENARIOS);
        };
    }

    private int requestsOr(int fallback) {
        return requests != null ? requests : fallback;
    }

    private static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary folder left behind is no failure
        }
    }
}
