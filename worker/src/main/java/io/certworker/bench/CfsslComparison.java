package io.certworker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * cfssl on the same machine, measured right after cert-worker's scenarios so that each comparison is a ratio from one
 * run: Debian's {@code cfssl serve} on loopback with a P-256 CA, driven by {@code wrk} with one connection per core
 * (like the worker's crypto pool), for the endpoints that match the scenarios: {@code newcert} (a new key and its
 * certificate per call) for P-256, RSA-4096 and RSA-2048 keys, and {@code sign} of a P-256 CSR. The same measurement
 * as bench/cfssl-newcert.sh.
 */
public final class CfsslComparison {
    /** The tools it runs, by the name looked up on PATH. */
    static final List<String> TOOLS = List.of("cfssl", "wrk");
    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern MEAN_LATENCY = Pattern.compile("Latency\\s+([0-9.]+)(us|ms|s)\\b");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

    /**
     * One endpoint and the scenario it compares with.
     *
     * @param scenario the cert-worker scenario doing the same work
     * @param slow     whether each call takes seconds (RSA-4096 key generation): measured twice as long
     */
    record Endpoint(String name, String path, String body, String scenario, boolean slow) {
    }

    /** One endpoint's figures. */
    public record Measured(String endpoint, String scenario, double perSecond, double meanLatencyMillis, long non2xx) {
    }

    private final PrintStream progress;
    private final Duration duration;
    private final Path directory;
    private final int connections = Runtime.getRuntime().availableProcessors();
    private final ObjectMapper json = new ObjectMapper();

    /** @param duration how long each endpoint is measured (twice that for RSA-4096) */
    public CfsslComparison(PrintStream progress, Duration duration, Path directory) {
        this.progress = progress;
        this.duration = duration;
        this.directory = directory;
    }

    /** The tools missing from {@code pathVariable} (a PATH value), with how to install them; empty when all are there. */
    public static Optional<String> missingTools(String pathVariable) {
        List<String> missing = new ArrayList<>();
        for (String tool : TOOLS) {
            if (find(tool, pathVariable).isEmpty()) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("--compare-cfssl needs cfssl and wrk on PATH; not found: " + String.join(", ", missing)
                + " (Debian or Ubuntu: apt-get install golang-cfssl wrk)");
    }

    static Optional<Path> find(String tool, String pathVariable) {
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String entry : pathVariable.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                Path candidate = Path.of(entry, tool);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Starts cfssl, measures every endpoint, stops it. */
    public List<Measured> run() throws Exception {
        Files.createDirectories(directory);
        writeCa();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process server = new ProcessBuilder("cfssl", "serve", "-address", "127.0.0.1", "-port", Integer.toString(port),
                "-ca", "ca.pem", "-ca-key", "ca-key.pem", "-config", "config.json")
                .directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("serve.log").toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port + "/api/v1/cfssl/";
            awaitListening(base, server);
            List<Measured> measured = new ArrayList<>();
            for (Endpoint endpoint : endpoints()) {
                check(base, endpoint);
                Duration time = endpoint.slow() ? duration.multipliedBy(2) : duration;
                progress.println("cfssl " + endpoint.name() + ": " + time.toSeconds() + " s with " + connections
                        + " connections");
                measured.add(measure(base, endpoint, time));
            }
            return measured;
        } finally {
            server.destroy();
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The comparison table: cfssl's rate, cert-worker's end-to-end rate for the same work, and their ratio. */
    public static void print(PrintStream out, List<Measured> measured, List<BenchRunner.Result> results) {
        out.println("### cert-worker against cfssl, same run");
        out.println();
        out.println("| cfssl endpoint | cfssl /s | cfssl mean latency ms | cert-worker scenario | end-to-end /s "
                + "| cert-worker / cfssl |");
        out.println("|---|---|---|---|---|---|");
        for (Measured cfssl : measured) {
            Optional<BenchRunner.Result> ours = results.stream()
                    .filter(result -> result.scenario().name().equals(cfssl.scenario())).findFirst();
            boolean none = cfssl.perSecond() == 0; // no call finished in the time given (RSA-4096 on a busy machine)
            out.printf(Locale.ROOT, "| %s%s | %s | %s | %s | %s | %s |%n", cfssl.endpoint(),
                    cfssl.non2xx() > 0 ? " (" + cfssl.non2xx() + " errors)" : "",
                    none ? "no call finished: raise --cfssl-seconds" : String.format(Locale.ROOT, "%.2f", cfssl.perSecond()),
                    none ? "—" : String.format(Locale.ROOT, "%.1f", cfssl.meanLatencyMillis()), cfssl.scenario(),
                    ours.map(result -> String.format(Locale.ROOT, "%.1f", result.endToEndPerSecond())).orElse("not run"),
                    ours.filter(result -> !none).map(result -> String.format(Locale.ROOT, "%.2f×",
                            result.endToEndPerSecond() / cfssl.perSecond())).orElse("—"));
        }
        out.println();
    }

    private List<Endpoint> endpoints() throws Exception {
        String csr = BenchRunner.csrs(1).get(0);
        return List.of(
                new Endpoint("newcert ECDSA P-256", "newcert", newcert("ecdsa", 256), "p256", false),
                new Endpoint("sign of a P-256 CSR", "sign",
                        json.writeValueAsString(Map.of("certificate_request", csr)), "csr", false),
                new Endpoint("newcert RSA-4096", "newcert", newcert("rsa", 4096), "rsa4096", true),
                new Endpoint("newcert RSA-2048", "newcert", newcert("rsa", 2048), "rsa2048", false));
    }

    private String newcert(String algorithm, int size) throws IOException {
        return json.writeValueAsString(Map.of("request", Map.of("CN", "user0",
                "key", Map.of("algo", algorithm, "size", size))));
    }

    /** A P-256 CA, like the worker's benchmark CAs, so that only the subject key differs. */
    private void writeCa() throws Exception {
        Path csr = Files.writeString(directory.resolve("ca-csr.json"),
                "{\"CN\":\"cfssl bench CA\",\"key\":{\"algo\":\"ecdsa\",\"size\":256}}");
        Process gencert = new ProcessBuilder("cfssl", "gencert", "-initca", csr.getFileName().toString())
                .directory(directory.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] output = gencert.getInputStream().readAllBytes();
        if (gencert.waitFor() != 0) {
            throw new IllegalStateException("cfssl gencert -initca failed with exit code " + gencert.exitValue());
        }
        JsonNode ca = json.readTree(output);
        Files.writeString(directory.resolve("ca.pem"), ca.path("cert").asText());
        Files.writeString(directory.resolve("ca-key.pem"), ca.path("key").asText());
        Files.writeString(directory.resolve("config.json"),
                "{\"signing\":{\"default\":{\"expiry\":\"2160h\",\"usages\":[\"digital signature\",\"client auth\"]}}}");
    }

    private void awaitListening(String base, Process server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("cfssl serve exited with code " + server.exitValue() + ": "
                        + Files.readString(directory.resolve("serve.log")));
            }
            try {
                // Any answer will do: Debian's cfssl 1.2 has no health endpoint and answers 404.
                http.send(HttpRequest.newBuilder(URI.create(base + "health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("cfssl serve did not answer within 20 s");
    }

    /** One call first: a body cfssl refuses would otherwise be measured as a fast stream of errors. */
    private void check(String base, Endpoint endpoint) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base + endpoint.path())).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(endpoint.body())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !json.readTree(response.body()).path("success").asBoolean()) {
            throw new IllegalStateException("cfssl " + endpoint.name() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    private Measured measure(String base, Endpoint endpoint, Duration time) throws Exception {
        Path body = Files.writeString(directory.resolve("body.json"), endpoint.body());
        Path script = Files.writeString(directory.resolve("post.lua"), String.join("\n",
                "wrk.method = \"POST\"",
                "wrk.headers[\"Content-Type\"] = \"application/json\"",
                "local file = io.open(\"" + body.toAbsolutePath() + "\", \"r\")",
                "wrk.body = file:read(\"*a\")",
                "file:close()", ""));
        Process wrk = new ProcessBuilder("wrk", "-t", Integer.toString(connections), "-c", Integer.toString(connections),
                "-d", time.toSeconds() + "s", "--timeout", "30s", "-s", script.toString(), base + endpoint.path())
                .directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        return parse(endpoint, output);
    }

    /** wrk's report: requests per second, mean latency (in its unit), and responses that were not 2xx. */
    static Measured parse(Endpoint endpoint, String wrkOutput) {
        Matcher rate = REQUESTS_PER_SECOND.matcher(wrkOutput);
        Matcher latency = MEAN_LATENCY.matcher(wrkOutput);
        if (!rate.find() || !latency.find()) {
            throw new IllegalStateException("unexpected wrk output: " + wrkOutput);
        }
        double value = Double.parseDouble(latency.group(1));
        double millis = switch (latency.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
        Matcher errors = NON_2XX.matcher(wrkOutput);
        return new Measured(endpoint.name(), endpoint.scenario(), Double.parseDouble(rate.group(1)), millis,
                errors.find() ? Long.parseLong(errors.group(1)) : 0);
    }
}
