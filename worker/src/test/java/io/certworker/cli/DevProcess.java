package io.certworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar cert-worker.jar dev} as its own process, as the README starts it, for the tests of the packaged
 * jar. A port picked free may be taken by someone else before dev binds it (another test's process, or an outgoing
 * connection's ephemeral port): a start that fails on a port in use is tried again on new ones.
 */
final class DevProcess implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("cert-worker.jar", "target/cert-worker.jar")).toAbsolutePath();
    private static final Pattern METRICS = Pattern.compile("Metrics +http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final int ATTEMPTS = 5;

    private final Options options;
    private final int kafkaPort;
    private Process process;
    private Output output;

    /**
     * How to start dev.
     *
     * @param workingDirectory where it runs (its default data folder is {@code .cert-worker} there), or null
     * @param dataDir          its {@code --data-dir}, or null for the default
     * @param metricsPort      its metrics port through {@code CERT_WORKER_METRICS_PORT} (a free one is picked again on
     *                         each attempt), or false for {@code --metrics-port 0}
     * @param environment      more environment variables
     * @param arguments        more options of dev
     */
    record Options(Path workingDirectory, Path dataDir, boolean metricsPort, Map<String, String> environment,
                   List<String> arguments) {
        static Options in(Path dataDir) {
            return new Options(null, dataDir, false, Map.of(), List.of());
        }

        Options with(Map<String, String> more, String... moreArguments) {
            return new Options(workingDirectory, dataDir, metricsPort, more, List.of(moreArguments));
        }
    }

    private DevProcess(Options options, int kafkaPort) {
        this.options = options;
        this.kafkaPort = kafkaPort;
    }

    /** Starts dev and waits for its whole banner. */
    static DevProcess start(Options options) throws Exception {
        AssertionError last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            DevProcess dev = new DevProcess(options, freePort());
            try {
                dev.launch(options.metricsPort() ? freePort() : 0);
                return dev;
            } catch (PortTaken e) {
                last = e;
            }
        }
        throw last;
    }

    /** Starts dev again after it stopped, on the same Kafka port and data. */
    void restart() throws Exception {
        launch(options.metricsPort() ? freePort() : 0);
    }

    private void launch(int metricsPort) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString(), "dev", "--kafka-port",
                Integer.toString(kafkaPort), "--key-algorithm", "EC-P256"));
        if (options.dataDir() != null) {
            command.addAll(List.of("--data-dir", options.dataDir().toString()));
        }
        if (!options.metricsPort()) {
            command.addAll(List.of("--metrics-port", "0"));
        }
        command.addAll(options.arguments());
        ProcessBuilder builder = new ProcessBuilder(command);
        if (options.workingDirectory() != null) {
            builder.directory(options.workingDirectory().toFile());
        }
        if (options.metricsPort()) {
            builder.environment().put("CERT_WORKER_METRICS_PORT", Integer.toString(metricsPort));
        }
        builder.environment().putAll(options.environment());
        process = builder.start();
        process.getOutputStream().close();
        output = new Output(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!output.stdout().contains("Stop with Ctrl-C.")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                String printed = output.stdout() + "\n" + output.stderr();
                if (printed.contains("Address already in use")) {
                    throw new PortTaken(printed);
                }
                throw new AssertionError("dev did not become ready:\n" + printed);
            }
            Thread.sleep(50);
        }
    }

    Process process() {
        return process;
    }

    Output output() {
        return output;
    }

    int kafkaPort() {
        return kafkaPort;
    }

    String bootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** The port of /metrics and /health, as the banner says. */
    int metricsPort() {
        Matcher metrics = METRICS.matcher(output.stdout());
        assertThat(metrics.find()).as(output.stdout()).isTrue();
        return Integer.parseInt(metrics.group(1));
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("dev killed").isTrue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static final class PortTaken extends AssertionError {
        PortTaken(String printed) {
            super("a port dev was given was taken before it bound it:\n" + printed);
        }
    }

    /** Collects a process's output as it comes. */
    static final class Output {
        private final StringBuffer stdout = new StringBuffer();
        private final StringBuffer stderr = new StringBuffer();

        Output(Process process) {
            pump(process.getInputStream(), stdout);
            pump(process.getErrorStream(), stderr);
        }

        String stdout() {
            return stdout.toString();
        }

        String stderr() {
            return stderr.toString();
        }

        private static void pump(java.io.InputStream in, StringBuffer into) {
            Thread thread = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        into.append(line).append('\n');
                    }
                } catch (IOException e) {
                    // process ended
                }
            });
            thread.setDaemon(true);
            thread.start();
        }
    }
}
