package io.certworker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certworker.cli.CertWorkerCommand;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.X509Type;
import io.certworker.testing.TestWorker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code certs revoke} and {@code certs crl} against a running worker and a real broker. */
class LifecycleCommandsIntegrationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";

    @TempDir
    static Path directory;
    static Lifecycle lifecycle;
    static Path config;

    @BeforeAll
    static void start() throws Exception {
        lifecycle = new Lifecycle(TestWorker.start(directory.resolve("ca"), Map.of()));
        config = lifecycle.worker.writeConfigFile(directory);
        lifecycle.worker.putUser(GROUP, "alice", X509Type.MANAGED);
    }

    @AfterAll
    static void stop() {
        lifecycle.close();
    }

    @Test
    void revokePrintsTheRevocationAndAskingAgainPrintsTheOriginalOne() throws Exception {
        CertificateIssued issued = lifecycle.issue(GROUP, "alice", 3);

        Run first = run("certs", "revoke", "--groupId", GROUP, "--username", "alice", "--serial",
                issued.serialNumber(), "--reason", "keyCompromise", "--timeout", "60");
        Run again = run("certs", "revoke", "--groupId", GROUP, "--username", "alice", "--serial",
                issued.serialNumber(), "--timeout", "60");

        assertThat(first.exitCode).as(first.err).isZero();
        JsonNode revoked = Lifecycle.JSON.readTree(first.out);
        assertThat(revoked.get("serialNumber").asText()).isEqualTo(issued.serialNumber());
        assertThat(revoked.get("reason").asText()).isEqualTo("keyCompromise");
        assertThat(again.exitCode).as(again.err).isZero();
        assertThat(Lifecycle.JSON.readTree(again.out).get("revokedAt")).isEqualTo(revoked.get("revokedAt"));
    }

    @Test
    void revokeOfAnUnknownSerialPrintsAtlasEnvelopeAndExitsOneAndABadTimeoutIsAUsageError() throws Exception {
        Run unknown = run("certs", "revoke", "--groupId", GROUP, "--username", "alice", "--serial", "77",
                "--timeout", "60");
        Run badReason = run("certs", "revoke", "--groupId", GROUP, "--username", "alice", "--serial", "77",
                "--reason", "because", "--timeout", "60");
        Run noTimeout = run("certs", "revoke", "--groupId", GROUP, "--username", "alice", "--serial", "77",
                "--timeout", "0");

        assertThat(unknown.exitCode).isEqualTo(1);
        JsonNode envelope = Lifecycle.JSON.readTree(unknown.err);
        assertThat(envelope.get("error").asInt()).isEqualTo(404);
        assertThat(envelope.get("errorCode").asText()).isEqualTo("CERT_NOT_FOUND");
        assertThat(envelope.has("requestId")).as("Atlas's body only").isFalse();
        assertThat(badReason.exitCode).isEqualTo(1);
        assertThat(Lifecycle.JSON.readTree(badReason.err).get("errorCode").asText()).isEqualTo("INVALID_ATTRIBUTE");
        assertThat(noTimeout.exitCode).isEqualTo(2);
    }

    @Test
    void crlPrintsTheSameBytesAsTheWorkerServesWhetherMadeHereOrFetched() throws Exception {
        CertificateIssued issued = lifecycle.issue(GROUP, "alice", 3);
        assertThat(run("certs", "revoke", "--groupId", GROUP, "--username", "alice", "--serial",
                issued.serialNumber()).exitCode).isZero();
        // The worker takes a revocation in as soon as its transaction is committed: a moment after the event shows.
        Awaitility.await().until(() -> PkiIntegrationTest.crl(served().getBytes(StandardCharsets.US_ASCII))
                .getRevokedCertificate(new BigInteger(issued.serialNumber())) != null);
        String served = served();

        Run made = run("certs", "crl", "--groupId", GROUP);
        Run fetched = run("certs", "crl", "--groupId", GROUP, "--url",
                "http://127.0.0.1:" + lifecycle.worker.worker().metricsPort());

        assertThat(made.exitCode).as(made.err).isZero();
        assertThat(made.out).startsWith("-----BEGIN X509 CRL-----").isEqualTo(served);
        assertThat(fetched.exitCode).as(fetched.err).isZero();
        assertThat(fetched.out).isEqualTo(served);
        assertThat(run("certs", "crl", "--groupId", "0123456789abcdef01234567").exitCode).isEqualTo(1);
        Run malformed = run("certs", "crl", "--groupId", "nope");
        assertThat(malformed.exitCode).isEqualTo(1);
        assertThat(Lifecycle.JSON.readTree(malformed.err).get("errorCode").asText()).isEqualTo("INVALID_GROUP_ID");
    }

    @Test
    void theNewCommandsExplainThemselvesWithAnExample() {
        for (String command : List.of("revoke", "crl")) {
            Run help = run("certs", command, "--help");
            assertThat(help.exitCode).isZero();
            assertThat(help.out).contains("Usage:", "Example");
        }
    }

    private static String served() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + lifecycle.worker.worker().metricsPort() + "/crl/" + GROUP + ".pem")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void crlWithCaKeysInATokenIsFetchedFromAWorkerAndMakingItHereIsAUsageError() throws Exception {
        Path tokenConfig = directory.resolve("token.properties");
        Files.writeString(tokenConfig, Files.readString(config) + "\nca.key.store=pkcs11\n"
                + "ca.pkcs11.library=/usr/lib/softhsm/libsofthsm2.so\nca.pkcs11.token.label=cert-worker\n"
                + "ca.pkcs11.pin=1234\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CertWorkerCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode = commandLine.execute("certs", "crl", "--groupId", GROUP, "--config", tokenConfig.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("ca.key.store=pkcs11").contains("--url");
    }

    @Test
    void crlFromAnAddressWhereNoWorkerListensSaysSoInOneLine() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        Run crl = run("certs", "crl", "--groupId", GROUP, "--url", "http://127.0.0.1:" + closed);

        assertThat(crl.exitCode).isEqualTo(1);
        assertThat(crl.out).isEmpty();
        assertThat(crl.err.strip()).doesNotContain("\n").contains("127.0.0.1:" + closed).contains("connection refused");
    }

    private static Run run(String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        if (!all.contains("--help")) {
            all.add("--config");
            all.add(config.toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CertWorkerCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(all.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    record Run(int exitCode, String out, String err) {
    }
}
