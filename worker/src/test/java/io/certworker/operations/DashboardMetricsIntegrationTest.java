package io.certworker.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.testing.TestWorker;
import io.certworker.testing.atlas.FakeAtlas;
import io.certworker.testing.atlas.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the Prometheus alert rules use only metric names the worker really exports: both kinds
 * of worker (internal CA, Atlas) are run and scraped, and every name the queries use must be in a scrape. The README's
 * metrics table is checked against the same scrapes.
 */
class DashboardMetricsIntegrationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";

    @TempDir
    Path directory;

    @Test
    void everyMetricTheDashboardAndAlertsUseIsExported() throws Exception {
        Set<String> exported = new TreeSet<>();
        // With a key pool: its gauges exist only where there is a pool.
        try (TestWorker internal = TestWorker.start(directory.resolve("internal"),
                Map.of(WorkerConfig.KEY_POOL_SIZE, "2"))) {
            exercise(internal);
            exported.addAll(scrape(internal.worker().metricsPort()));
        }
        try (FakeAtlas atlas = FakeAtlas.start().serviceAccount("id", "secret")) {
            atlas.enqueue(Response.serverError());
            Map<String, String> settings = new HashMap<>();
            settings.put(WorkerConfig.ISSUER, "atlas");
            settings.put(WorkerConfig.ATLAS_BASE_URL, atlas.baseUrl());
            settings.put(WorkerConfig.ATLAS_CLIENT_ID, "id");
            settings.put(WorkerConfig.ATLAS_CLIENT_SECRET, "secret");
            settings.put(WorkerConfig.ATLAS_RETRY_INITIAL_BACKOFF_MS, "10");
            try (TestWorker viaAtlas = TestWorker.start(directory.resolve("atlas"), settings)) {
                exercise(viaAtlas);
                exported.addAll(scrape(viaAtlas.worker().metricsPort()));
            }
        }

        Set<String> used = DeploymentFilesTest.metricNamesUsed();
        assertThat(used).isNotEmpty();
        assertThat(exported).containsAll(used);

        String readme = DeploymentFilesTest.readme();
        Set<String> documented = new TreeSet<>();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("`(certworker_[a-z0-9_]+)`").matcher(readme);
        while (matcher.find()) {
            documented.add(matcher.group(1));
        }
        assertThat(documented).as("the README's metrics table").isNotEmpty();
        for (String name : documented) {
            assertThat(exported.stream().anyMatch(series -> series.equals(name) || series.startsWith(name + "_")))
                    .as(name + " is exported").isTrue();
        }
    }

    private static void exercise(TestWorker worker) throws Exception {
        worker.putUser(GROUP, "alice", X509Type.MANAGED);
        String requestId = UUID.randomUUID().toString();
        worker.sendRequest(Topics.key(GROUP, "alice"), new ObjectMapper().writeValueAsString(Map.of(
                "requestId", requestId, "groupId", GROUP, "username", "alice")));
        worker.outcome(requestId);
    }

    private static Set<String> scrape(int port) throws Exception {
        System.gc(); // GC pause timers exist once a collection happened, as in any worker that ran a while
        Thread.sleep(200);
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Set<String> names = new TreeSet<>();
        response.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }
}
