package io.certworker.cli;

import io.certworker.config.WorkerConfig;
import io.certworker.issuance.KeyAlgorithm;
import io.certworker.issuance.ca.TokenRootCa;
import io.certworker.issuance.ca.pkcs11.Pkcs11Settings;
import io.certworker.issuance.ca.pkcs11.Pkcs11Token;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code dev --ca-key-store pkcs11}: a SoftHSM2 token under the data folder ({@code <data-dir>/softhsm}: its
 * softhsm2.conf, token store and PIN file), initialised once with {@code softhsm2-util}, with a root CA generated in
 * it. SoftHSM2 reads its configuration from the SOFTHSM2_CONF environment variable, which a running JVM cannot set
 * for itself: {@link #relaunchUnlessConfigured} starts the same command again with it set.
 */
final class DevToken {
    static final String TOKEN_LABEL = "cert-worker-dev";
    private static final List<Path> LIBRARIES = List.of(Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/local/lib/softhsm/libsofthsm2.so"), Path.of("/opt/homebrew/lib/softhsm/libsofthsm2.so"));

    private final Path folder;
    private final Path conf;
    private final Path pinFile;

    DevToken(Path dataDir) {
        this.folder = dataDir.resolve("softhsm").toAbsolutePath();
        this.conf = folder.resolve("softhsm2.conf");
        this.pinFile = folder.resolve("pin");
    }

    /**
     * When SOFTHSM2_CONF does not name this data folder's configuration, runs this very command again with it set
     * (same arguments, same terminal) and answers its exit status; empty when this process is the configured one.
     */
    Optional<Integer> relaunchUnlessConfigured(PrintStream out) throws IOException, InterruptedException {
        if (conf.toString().equals(System.getenv("SOFTHSM2_CONF"))) {
            return Optional.empty();
        }
        prepare(out);
        ProcessHandle.Info self = ProcessHandle.current().info();
        List<String> command = new ArrayList<>();
        command.add(self.command().orElseThrow(() -> new IllegalStateException("cannot tell how this JVM was started")));
        command.addAll(List.of(self.arguments().orElseThrow(() -> new IllegalStateException(
                "cannot tell how this JVM was started"))));
        out.println("Restarting with SOFTHSM2_CONF=" + conf + " (SoftHSM2 reads its token store from it)…");
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("SOFTHSM2_CONF", conf.toString());
        Process child = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroy)); // Ctrl-C reaches both; stop the child too
        return Optional.of(child.waitFor());
    }

    /** The settings that point the worker at the dev token; makes its root CA first if the token has none. */
    Map<String, String> settings(PrintStream out, String rootLabel) throws IOException {
        Path library = library();
        try (Pkcs11Token token = Pkcs11Token.open(new Pkcs11Settings(library, TOKEN_LABEL, -1, pin().toCharArray(),
                Duration.ofMinutes(1)))) {
            if (!token.contains(rootLabel)) {
                out.println("Generating the dev root CA (RSA-4096) in the SoftHSM2 token " + TOKEN_LABEL + "…");
                String pem = TokenRootCa.create(token, rootLabel, KeyAlgorithm.RSA_4096, "cert-worker dev root CA",
                        "cert-worker", Duration.ofDays(7300), Clock.systemUTC());
                Files.writeString(folder.resolve("root.pem"), pem, StandardCharsets.US_ASCII);
            }
        }
        return Map.of(WorkerConfig.CA_KEY_STORE, WorkerConfig.CA_KEY_STORE_PKCS11,
                WorkerConfig.CA_PKCS11_LIBRARY, library.toString(),
                WorkerConfig.CA_PKCS11_TOKEN_LABEL, TOKEN_LABEL,
                WorkerConfig.CA_PKCS11_PIN_FILE, pinFile.toString());
    }

    /** The configuration, the PIN and the token, made once. */
    private void prepare(PrintStream out) throws IOException, InterruptedException {
        library(); // refuse early when SoftHSM2 is not installed
        Files.createDirectories(folder.resolve("tokens"));
        if (!Files.exists(conf)) {
            Files.writeString(conf, "directories.tokendir = " + folder.resolve("tokens") + "\n"
                    + "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n", StandardCharsets.UTF_8);
        }
        if (!Files.exists(pinFile)) {
            OutputFiles.writePrivate(pinFile, String.format("%08d", new SecureRandom().nextInt(100_000_000)) + "\n");
        }
        try (var tokens = Files.list(folder.resolve("tokens"))) {
            if (tokens.findAny().isPresent()) {
                return;
            }
        }
        out.println("Initialising a SoftHSM2 token " + TOKEN_LABEL + " in " + folder.resolve("tokens") + "…");
        ProcessBuilder init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL,
                "--pin", pin(), "--so-pin", pin() + "0").redirectErrorStream(true);
        init.environment().put("SOFTHSM2_CONF", conf.toString());
        Process process;
        try {
            process = init.start();
        } catch (IOException e) {
            throw new IllegalStateException("--ca-key-store pkcs11 needs softhsm2-util on the PATH: install SoftHSM2 "
                    + "(Debian/Ubuntu: apt-get install softhsm2)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("softhsm2-util --init-token failed: " + output.strip());
        }
    }

    private String pin() throws IOException {
        return Files.readString(pinFile, StandardCharsets.UTF_8).strip();
    }

    /** Where the root's certificate is written when dev makes the root in the token. */
    Path rootCertificate() {
        return folder.resolve("root.pem");
    }

    private static Path library() {
        return LIBRARIES.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
                "--ca-key-store pkcs11 needs SoftHSM2's PKCS#11 library (libsofthsm2.so), not found in " + LIBRARIES
                        + ": install SoftHSM2 (Debian/Ubuntu: apt-get install softhsm2)"));
    }
}
