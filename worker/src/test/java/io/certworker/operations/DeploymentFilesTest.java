package io.certworker.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certworker.config.ConfigSources;
import io.certworker.config.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The deployment files say only what the worker understands: every CERT_WORKER_* variable of the compose file is a
 * real setting, and the dashboard and alert rules are parseable. (CI also runs {@code docker-compose config -q}; the
 * metric names they use are checked against a live scrape in {@link DashboardMetricsIntegrationTest}.)
 */
class DeploymentFilesTest {
    static final Path ROOT = Path.of("..");
    static final Pattern METRIC = Pattern.compile("\\b((?:certworker|jvm|process|kafka)_[a-z0-9_]+)\\b");

    @Test
    void everyWorkerVariableInTheComposeFileIsARealSetting() throws Exception {
        JsonNode compose = new YAMLMapper().readTree(ROOT.resolve("docker-compose.yml").toFile());
        JsonNode environment = compose.at("/services/cert-worker/environment");
        List<String> variables = new ArrayList<>();
        if (environment.isArray()) {
            environment.forEach(entry -> variables.add(entry.asText().split("=", 2)[0]));
        } else {
            environment.fieldNames().forEachRemaining(variables::add);
        }

        assertThat(variables).isNotEmpty();
        Set<String> known = new TreeSet<>();
        WorkerConfig.DEFINITION.names().forEach(name -> known.add(ConfigSources.environmentName(name)));
        assertThat(variables).allSatisfy(variable -> assertThat(
                known.contains(variable) || variable.startsWith("CERT_WORKER_KAFKA_")
                        || variable.equals(ConfigSources.CONFIG_FILE_ENV) || variable.equals("CERT_WORKER_LOG_LEVEL"))
                .as(variable).isTrue());
        assertThat(compose.at("/services/cert-worker/command").toString()).contains("run");
        assertThat(compose.path("services").has("kafka")).isTrue();
        assertThat(compose.path("services").has("prometheus")).isTrue();
        assertThat(compose.path("services").has("grafana")).isTrue();
    }

    @Test
    void theDashboardAndAlertsParseAndUseMetrics() throws Exception {
        assertThat(metricNamesUsed()).contains("certworker_outcomes_total", "certworker_consumer_lag_records",
                "certworker_issuance_duration_seconds_bucket", "certworker_dead_letters_total",
                "certworker_atlas_retries_total");
    }

    /** Every metric name the dashboard's queries and the alert rules use. */
    static Set<String> metricNamesUsed() throws Exception {
        Set<String> names = new TreeSet<>();
        JsonNode dashboard = new ObjectMapper().readTree(
                ROOT.resolve("deploy/grafana/dashboards/cert-worker.json").toFile());
        dashboard.findValues("expr").forEach(expr -> collect(expr.asText(), names));
        dashboard.findValues("query").forEach(query -> collect(query.asText(), names));
        JsonNode alerts = new YAMLMapper().readTree(ROOT.resolve("deploy/prometheus/alerts.yml").toFile());
        alerts.findValues("expr").forEach(expr -> collect(expr.asText(), names));
        return names;
    }

    private static void collect(String promql, Set<String> names) {
        Matcher matcher = METRIC.matcher(promql);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
    }

    static String readme() throws Exception {
        return Files.readString(ROOT.resolve("README.md"));
    }
}
