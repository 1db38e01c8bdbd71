package io.certworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {
    @Test
    void anUnknownScenarioIsRefusedBeforeAnythingStarts(@TempDir Path dataDir) {
        CommandLine commandLine = CertWorkerCommand.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode = commandLine.execute("bench", "--scenarios", "p256,p265", "--data-dir", dataDir.toString());

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("unknown scenario p265").contains("rsa4096-pool");
        assertThat(dataDir.resolve("kafka")).as("no broker was started").satisfies(path ->
                assertThat(Files.exists(path)).isFalse());
    }

    @Test
    void comparingWithCfsslWithoutCfsslAndWrkIsRefusedBeforeAnythingStarts(@TempDir Path dataDir) {
        CommandLine commandLine = CertWorkerCommand.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err, true));
        ((BenchCommand) commandLine.getSubcommands().get("bench").getCommand()).toolPath = dataDir.toString();

        int exitCode = commandLine.execute("bench", "--scenarios", "p256", "--compare-cfssl",
                "--data-dir", dataDir.toString());

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--compare-cfssl needs cfssl and wrk on PATH; not found: cfssl, wrk")
                .contains("apt-get install golang-cfssl wrk");
        assertThat(Files.exists(dataDir.resolve("kafka"))).as("no broker was started").isFalse();
    }

    @Test
    void anUnknownCryptoProviderIsRefusedBeforeAnythingStarts(@TempDir Path dataDir) {
        CommandLine commandLine = CertWorkerCommand.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode = commandLine.execute("bench", "--crypto-provider", "openssl", "--data-dir", dataDir.toString());

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("unknown crypto provider openssl; expected one of auto, accp, jdk");
        assertThat(Files.exists(dataDir.resolve("kafka"))).as("no broker was started").isFalse();
    }

    @Test
    void aNegativeWarmUpIsRefusedBeforeAnythingStarts(@TempDir Path dataDir) {
        CommandLine commandLine = CertWorkerCommand.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode = commandLine.execute("bench", "--warm-up", "-1", "--data-dir", dataDir.toString());

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--warm-up must be 0 or more, not -1");
        assertThat(Files.exists(dataDir.resolve("kafka"))).as("no broker was started").isFalse();
    }
}
