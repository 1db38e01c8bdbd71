package io.certworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.testing.Pems;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, tried as a new user would: {@code java -jar worker/target/cert-worker.jar dev} as its
 * own process (embedded broker loaded from {@code dev-broker/}), then the {@code users} and {@code request} commands
 * as separate processes, the certificate checked with {@code openssl verify}, and a clean SIGTERM.
 */
class PackagedJarIT {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final Path JAR = DevProcess.JAR;

    @TempDir
    Path directory;
    DevProcess dev;

    @AfterEach
    void killDev() throws InterruptedException {
        if (dev != null) {
            dev.close();
        }
    }

    @Test
    void devIssuesCertificatesThatOpensslAcceptsAndStopsCleanlyOnSigterm() throws Exception {
        Path dataDir = directory.resolve("data");
        dev = DevProcess.start(DevProcess.Options.in(dataDir));
        String bootstrap = dev.bootstrap();
        DevProcess.Output devOutput = dev.output();

        assertThat(devOutput.stdout()).contains("cert-worker dev is ready.", bootstrap, "kcat");

        var put = cli(null, "users", "put", "--groupId", GROUP, "--username", "alice", "--bootstrap-servers", bootstrap);
        assertThat(put.exitCode()).as(put.stderr()).isZero();

        Path pem = directory.resolve("alice.pem");
        var request = cli("{\"monthsUntilExpiration\": 12}", "request", "--groupId", GROUP, "--username", "alice",
                "--bootstrap-servers", bootstrap, "--output-file", pem.toString());
        assertThat(request.exitCode()).as(request.stderr()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pem))).isEqualTo("rw-------");

        var event = cli("", "request", "--groupId", GROUP, "--username", "alice", "--bootstrap-servers", bootstrap,
                "--output", "event");
        assertThat(event.exitCode()).as(event.stderr()).isZero();
        JsonNode issued = new ObjectMapper().readTree(event.stdout());
        String chain = issued.get("caCertificatePem").asText();
        Pems.verifyChain(Pems.certificates(issued.get("pem").asText()).get(0), chain, new Date());

        List<java.security.cert.X509Certificate> cas = Pems.certificates(chain);
        Path root = Files.writeString(directory.resolve("root.pem"), pemOf(cas.get(1)));
        Path intermediate = Files.writeString(directory.resolve("group-ca.pem"), pemOf(cas.get(0)));
        var verify = run(null, List.of("openssl", "verify", "-CAfile", root.toString(), "-untrusted",
                intermediate.toString(), "-purpose", "sslclient", pem.toString()));
        assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
        assertThat(verify.stdout()).contains(pem + ": OK");

        var refused = cli("", "request", "--groupId", GROUP, "--username", "mallory", "--bootstrap-servers", bootstrap);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(refused.stderr()).get("errorCode").asText()).isEqualTo("USERNAME_NOT_FOUND");

        dev.process().destroy(); // SIGTERM
        assertThat(dev.process().waitFor(60, TimeUnit.SECONDS)).as("dev stopped").isTrue();
        assertThat(dev.process().exitValue()).as(devOutput.stderr()).isZero();
        assertThat(devOutput.stderr()).doesNotContain("BEGIN PRIVATE KEY");

        String rootBefore = Files.readString(dataDir.resolve("ca/root/ca.pem"));
        dev.restart();
        var again = cli("", "request", "--groupId", GROUP, "--username", "alice", "--bootstrap-servers", bootstrap);
        assertThat(again.exitCode()).as("the user and the CA survive a restart: " + again.stderr()).isZero();
        assertThat(Files.readString(dataDir.resolve("ca/root/ca.pem"))).isEqualTo(rootBefore);
    }

    @Test
    void benchMeasuresEachScenarioRawAndEndToEndAndPrintsTheRatio() throws Exception {
        // A short warm-up: this checks that bench runs and what it prints, not the figures.
        var bench = cli(null, "bench", "--scenarios", "p256,p256-pool", "--requests", "40", "--warm-up", "100",
                "--skip-providers", "--data-dir", directory.resolve("bench").toString());

        assertThat(bench.exitCode()).as(bench.stderr()).isZero();
        assertThat(bench.stderr()).as("progress lines").contains("p256 raw", "p256-pool filling the key pool");
        List<String> rows = bench.stdout().lines().filter(line -> line.startsWith("| p256")).toList();
        assertThat(rows).hasSize(2);
        for (String row : rows) {
            String[] cells = row.split("\\|");
            double raw = Double.parseDouble(cells[3].trim());
            double endToEnd = Double.parseDouble(cells[4].trim());
            double ratio = Double.parseDouble(cells[5].trim());
            assertThat(cells[2].trim()).isEqualTo("40");
            assertThat(raw).as(row).isPositive();
            assertThat(endToEnd).as(row).isPositive();
            assertThat(ratio).as(row).isCloseTo(endToEnd / raw, org.assertj.core.data.Offset.offset(0.01));
            assertThat(Double.parseDouble(cells[8].trim())).as("p99 of " + row)
                    .isGreaterThanOrEqualTo(Double.parseDouble(cells[6].trim()));
        }
    }

    @Test
    void devPointedAtAnAtlasCompatibleServerIssuesThroughItAndMirrorsItsErrors() throws Exception {
        try (io.certworker.testing.atlas.FakeAtlas atlas = io.certworker.testing.atlas.FakeAtlas.start()) {
            atlas.apiKey("public-key", "private-key");
            dev = DevProcess.start(DevProcess.Options.in(directory.resolve("data")).with(java.util.Map.of(
                    "CERT_WORKER_ATLAS_PUBLIC_KEY", "public-key", "CERT_WORKER_ATLAS_PRIVATE_KEY", "private-key",
                    "CERT_WORKER_LOG_FORMAT", "json"),
                    "--issuer", "atlas", "--atlas-base-url", atlas.baseUrl()));
            String bootstrap = dev.bootstrap();
            DevProcess.Output devOutput = dev.output();
            assertThat(devOutput.stdout()).contains("Issuer     Atlas at " + atlas.baseUrl());
            assertThat(cli(null, "users", "put", "--groupId", GROUP, "--username", "alice", "--bootstrap-servers",
                    bootstrap).exitCode()).isZero();

            var issued = cli("{\"monthsUntilExpiration\": 2}", "request", "--groupId", GROUP, "--username", "alice",
                    "--bootstrap-servers", bootstrap);
            assertThat(issued.exitCode()).as(issued.stderr()).isZero();
            assertThat(Pems.certificates(issued.stdout()).get(0).getSerialNumber())
                    .isEqualTo(atlas.mintedSerials().get(0));
            assertThat(atlas.certificateRequests().get(0).authScheme()).isEqualTo("Digest");

            atlas.enqueue(io.certworker.testing.atlas.Response.error(
                    io.certworker.testing.atlas.AtlasError.CANNOT_GENERATE_CERT_IF_ADVANCED_X509));
            var refused = cli("", "request", "--groupId", GROUP, "--username", "alice", "--bootstrap-servers", bootstrap);
            assertThat(refused.exitCode()).isEqualTo(1);
            JsonNode envelope = new ObjectMapper().readTree(refused.stderr());
            assertThat(envelope.get("errorCode").asText()).isEqualTo("CANNOT_GENERATE_CERT_IF_ADVANCED_X509");
            assertThat(envelope.get("detail").asText())
                    .isEqualTo("The user cannot create managed X.509 certs if advanced mode is on.");
            assertThat(devOutput.stderr()).doesNotContain("private-key", "BEGIN PRIVATE KEY");
            List<String> lines = devOutput.stderr().lines().filter(line -> !line.isBlank()).toList();
            for (String line : lines) {
                assertThat(new ObjectMapper().readTree(line).isObject()).as("a JSON log line: " + line).isTrue();
            }
            assertThat(lines).anyMatch(line -> line.contains("outcome=issued") && line.contains("\"level\":\"INFO\""));
        }
    }

    private ProcessResult cli(String stdin, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(DevProcess.java(), "-jar", JAR.toString()));
        command.addAll(List.of(arguments));
        return run(stdin, command);
    }

    private static ProcessResult run(String stdin, List<String> command) throws Exception {
        return ProcessResult.of(new ProcessBuilder(command), stdin);
    }

    private static String pemOf(java.security.cert.X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

}
