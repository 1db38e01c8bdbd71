package io.certworker.operations;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.CertificateIssued;
import io.certworker.contracts.EventCodec;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.testing.TestWorker;
import io.certworker.testing.atlas.FakeAtlas;
import io.certworker.testing.atlas.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every log line of end-to-end runs (internal CA, Atlas with a service account, errors, retries, garbage), captured
 * from Logback at DEBUG for the worker's own loggers, holds no private key material and no secret.
 */
class LogSecrecyIntegrationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final String CLIENT_SECRET = "mdb_sa_sk_Zq8vT2nHk4Lx9Wc3";

    @TempDir
    Path directory;

    /** Collects everything logged, formatted as it would be printed, with stack traces. */
    static final class Capture extends AppenderBase<ILoggingEvent> {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder line = new StringBuilder(event.getFormattedMessage());
            for (var proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
                line.append(' ').append(proxy.getClassName()).append(": ").append(proxy.getMessage());
            }
            lines.add(line.toString());
        }
    }

    @Test
    void noLogLineHoldsAKeyOrASecret() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = context.getLogger("io.certworker");
        ch.qos.logback.classic.Level before = ours.getLevel();
        Capture capture = new Capture();
        capture.setContext(context);
        capture.start();
        root.addAppender(capture);
        ours.setLevel(ch.qos.logback.classic.Level.DEBUG);
        List<String> secrets = new ArrayList<>(List.of(CLIENT_SECRET, TestWorker.TEST_KEY_ENCRYPTION_KEY));
        try {
            try (TestWorker worker = TestWorker.start(directory.resolve("internal"), Map.of())) {
                secrets.addAll(keyMaterial(exercise(worker)));
            }
            try (FakeAtlas atlas = FakeAtlas.start().serviceAccount("mdb_sa_id_x", CLIENT_SECRET)) {
                atlas.enqueue(Response.serverError(), Response.rateLimited(0));
                Map<String, String> settings = new HashMap<>();
                settings.put(WorkerConfig.ISSUER, "atlas");
                settings.put(WorkerConfig.ATLAS_BASE_URL, atlas.baseUrl());
                settings.put(WorkerConfig.ATLAS_CLIENT_ID, "mdb_sa_id_x");
                settings.put(WorkerConfig.ATLAS_CLIENT_SECRET, CLIENT_SECRET);
                settings.put(WorkerConfig.ATLAS_RETRY_INITIAL_BACKOFF_MS, "10");
                try (TestWorker worker = TestWorker.start(directory.resolve("atlas"), settings)) {
                    secrets.addAll(keyMaterial(exercise(worker)));
                }
            }
        } finally {
            root.detachAppender(capture);
            ours.setLevel(before);
        }

        assertThat(capture.lines).hasSizeGreaterThan(10);
        assertThat(capture.lines).anyMatch(line -> line.contains("outcome=issued"));
        for (String line : capture.lines) {
            assertThat(line).doesNotContain("PRIVATE KEY", "BEGIN CERTIFICATE");
            for (String secret : secrets) {
                assertThat(line).as("a log line").doesNotContain(secret);
            }
        }
    }

    /** Issues a certificate, gets a refusal and dead-letters garbage; returns the certificate issued. */
    private static CertificateIssued exercise(TestWorker worker) throws Exception {
        ObjectMapper json = new ObjectMapper();
        worker.putUser(GROUP, "alice", X509Type.MANAGED);
        String issued = UUID.randomUUID().toString();
        worker.sendRequest(Topics.key(GROUP, "alice"), json.writeValueAsString(Map.of("requestId", issued,
                "groupId", GROUP, "username", "alice")));
        String refused = UUID.randomUUID().toString();
        worker.sendRequest(Topics.key(GROUP, "bob"), json.writeValueAsString(Map.of("requestId", refused,
                "groupId", GROUP, "username", "bob", "monthsUntilExpiration", 99)));
        worker.sendRequest("x", "certificate please");
        worker.outcome(refused);
        return EventCodec.instance().decode(worker.outcome(issued).value(), CertificateIssued.class);
    }

    /** Lines of the issued private key long enough to be recognisable. */
    private static List<String> keyMaterial(CertificateIssued issued) {
        String key = issued.pem().substring(issued.pem().indexOf("-----BEGIN PRIVATE KEY-----"));
        return key.lines().filter(line -> !line.startsWith("-----") && line.length() >= 16).toList();
    }
}
