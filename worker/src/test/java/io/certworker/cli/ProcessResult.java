package io.certworker.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A command run as its own process to its end: its exit code and everything it printed. */
record ProcessResult(int exitCode, String stdout, String stderr) {
    /** Longer than any command the tests run, even on a loaded machine. */
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    /**
     * Starts {@code builder}'s process, writes {@code stdin} to it (null: nothing), and waits for its end; a process
     * still running after {@link #TIMEOUT} is killed, and the assertion error shows the end of its standard error.
     */
    static ProcessResult of(ProcessBuilder builder, String stdin) throws Exception {
        Process process = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            String printed = err.get(10, TimeUnit.SECONDS);
            throw new AssertionError("timed out: " + builder.command() + "; its standard error ended with:\n"
                    + printed.substring(Math.max(0, printed.length() - 4000)));
        }
        return new ProcessResult(process.exitValue(), out.get(), err.get());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
