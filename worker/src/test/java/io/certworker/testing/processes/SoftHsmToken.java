package io.certworker.testing.processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A SoftHSM2 token of a test's own: a softhsm2.conf whose token directory is in the test's folder (processes are
 * pointed at it with SOFTHSM2_CONF), initialised with {@code softhsm2-util --init-token}. {@link #remove()} moves the
 * token's directory away, which is what a library sees when its token is pulled; {@link #restore()} brings it back.
 */
public final class SoftHsmToken {
    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    public static final String PIN = "4729";
    private static final String SO_PIN = "8163";

    private final Path folder;
    private final Path conf;
    private final String label;
    private Path tokenDirectory;

    private SoftHsmToken(Path folder, String label) {
        this.folder = folder;
        this.conf = folder.resolve("softhsm2.conf");
        this.label = label;
    }

    /** A new, empty token labelled {@code label} under {@code folder}. */
    public static SoftHsmToken create(Path folder, String label) throws IOException, InterruptedException {
        SoftHsmToken token = new SoftHsmToken(folder, label);
        Files.createDirectories(folder.resolve("tokens"));
        Files.writeString(token.conf, "directories.tokendir = " + folder.resolve("tokens").toAbsolutePath() + "\n"
                + "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n", StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("pin"), PIN + "\n", StandardCharsets.UTF_8);
        String output = token.run(List.of("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN,
                "--so-pin", SO_PIN));
        if (!output.contains("has been initialized")) {
            throw new IllegalStateException("softhsm2-util --init-token: " + output);
        }
        try (Stream<Path> tokens = Files.list(folder.resolve("tokens"))) {
            token.tokenDirectory = tokens.findFirst().orElseThrow();
        }
        return token;
    }

    public String label() {
        return label;
    }

    /** The variables a worker needs for this token (library, label, PIN file) and SOFTHSM2_CONF. */
    public Map<String, String> workerEnvironment() {
        return Map.of("SOFTHSM2_CONF", conf.toAbsolutePath().toString(),
                "CERT_WORKER_CA_KEY_STORE", "pkcs11",
                "CERT_WORKER_CA_PKCS11_LIBRARY", LIBRARY.toString(),
                "CERT_WORKER_CA_PKCS11_TOKEN_LABEL", label,
                "CERT_WORKER_CA_PKCS11_PIN_FILE", folder.resolve("pin").toAbsolutePath().toString());
    }

    /** {@code cert-worker ca init-root}: a root generated in the token; returns its certificate file. */
    public Path initRoot(String rootLabel, String algorithm) throws IOException, InterruptedException {
        Path certificate = folder.resolve(rootLabel + ".pem");
        List<String> command = new ArrayList<>(List.of(ChildProcess.java(), "-jar",
                WorkerProcess.runnableJar().toString(), "ca", "init-root", "--label", rootLabel, "--key-algorithm",
                algorithm, "--output", certificate.toString()));
        String output = run(command);
        if (!Files.isRegularFile(certificate)) {
            throw new IllegalStateException("ca init-root wrote no certificate: " + output);
        }
        return certificate;
    }

    /** Runs the test-side {@code TokenInspector} in a process of its own; returns what it printed. */
    public String inspect(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ChildProcess.java(),
                "--add-exports", "jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.certworker.issuance.ca.pkcs11.TokenInspector",
                LIBRARY.toString(), label, PIN));
        command.addAll(List.of(arguments));
        return run(command);
    }

    /** Moves the token's directory out of the token store: the library loses the token. */
    public void remove() throws IOException {
        Files.move(tokenDirectory, folder.resolve("removed-token"));
    }

    /** Puts the token's directory back. */
    public void restore() throws IOException {
        Files.move(folder.resolve("removed-token"), tokenDirectory);
    }

    /** The test folder the token's configuration, store and PIN file are in. */
    public Path folder() {
        return folder;
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("CERT_WORKER_"));
        builder.environment().putAll(workerEnvironment());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(Duration.ofSeconds(120).toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish: " + output);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
                    + output);
        }
        return output;
    }
}
