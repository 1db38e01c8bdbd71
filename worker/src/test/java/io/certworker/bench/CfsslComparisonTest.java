package io.certworker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cfssl comparison of {@code bench --compare-cfssl}. The last test runs Debian's cfssl and wrk (golang-cfssl and
 * wrk, which the CI script installs).
 */
class CfsslComparisonTest {
    static final String WRK_OUTPUT = """
            Running 20s test @ http://127.0.0.1:18888/api/v1/cfssl/newcert
              2 threads and 2 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency   588.77us  201.10us   5.12ms   90.00%
                Req/Sec     1.70k   112.00     1.90k    70.00%
              67842 requests in 20.00s, 120.51MB read
              Non-2xx or 3xx responses: 3
            Requests/sec:   3392.10
            Transfer/sec:      6.03MB
            """;

    @TempDir
    Path dir;

    @Test
    void wrksReportGivesTheRateTheMeanLatencyInMillisecondsAndTheErrors() {
        CfsslComparison.Endpoint endpoint = new CfsslComparison.Endpoint("newcert ECDSA P-256", "newcert", "{}", "p256",
                false);

        CfsslComparison.Measured measured = CfsslComparison.parse(endpoint, WRK_OUTPUT);

        assertThat(measured.perSecond()).isEqualTo(3392.10);
        assertThat(measured.meanLatencyMillis()).isCloseTo(0.58877, within(1e-9));
        assertThat(measured.non2xx()).isEqualTo(3);
        assertThat(CfsslComparison.parse(endpoint, WRK_OUTPUT.replace("588.77us", "1.81s")).meanLatencyMillis())
                .isCloseTo(1810, within(1e-9));
    }

    @Test
    void toolsAreFoundAsExecutableFilesOnThePath() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("cfssl"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(bin.resolve("cfssl"), PosixFilePermissions.fromString("rwx------"));
        Files.writeString(bin.resolve("wrk"), "not executable");

        assertThat(CfsslComparison.find("cfssl", dir + ":" + bin)).contains(bin.resolve("cfssl"));
        assertThat(CfsslComparison.missingTools(dir + ":" + bin)).hasValueSatisfying(message ->
                assertThat(message).contains("not found: wrk").doesNotContain("cfssl,"));
        assertThat(CfsslComparison.missingTools(null)).isPresent();
    }

    @Test
    void theComparisonPrintsEachRatioOfTheSameRun() {
        BenchRunner.Result p256 = new BenchRunner.Result(new Scenario("p256", io.certworker.issuance.KeyAlgorithm.EC_P256,
                false, 0, 5000), 8000, 6000, new Latencies(1, 2, 3, 4));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        CfsslComparison.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), List.of(
                new CfsslComparison.Measured("newcert ECDSA P-256", "p256", 2000, 1.0, 0),
                new CfsslComparison.Measured("sign of a P-256 CSR", "csr", 5000, 0.4, 0),
                new CfsslComparison.Measured("newcert RSA-4096", "p256", 0, 0, 0)), List.of(p256));

        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("| newcert ECDSA P-256 | 2000.00 | 1.0 | p256 | 6000.0 | 3.00× |")
                .contains("| sign of a P-256 CSR | 5000.00 | 0.4 | csr | not run | — |")
                .contains("| newcert RSA-4096 | no call finished: raise --cfssl-seconds | — | p256 | 6000.0 | — |");
    }

    @Test
    void cfsslIsMeasuredOnEveryEndpoint() throws Exception {
        assertThat(CfsslComparison.missingTools(System.getenv("PATH"))).as("cfssl and wrk installed").isEmpty();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        List<CfsslComparison.Measured> measured = new CfsslComparison(new PrintStream(progress, true,
                StandardCharsets.UTF_8), Duration.ofSeconds(1), dir.resolve("cfssl")).run();

        assertThat(measured).extracting(CfsslComparison.Measured::scenario)
                .containsExactly("p256", "csr", "rsa4096", "rsa2048");
        // cfssl answered every call it finished (one call of each was checked before it was measured); in a second,
        // thousands of P-256 calls finish, an RSA-4096 call may not.
        assertThat(measured).allSatisfy(endpoint -> assertThat(endpoint.non2xx()).as(endpoint.endpoint()).isZero());
        assertThat(measured.get(0).perSecond()).as("newcert P-256").isPositive();
        assertThat(measured.get(1).perSecond()).as("sign").isPositive();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("cfssl sign of a P-256 CSR: 1 s");
    }
}
