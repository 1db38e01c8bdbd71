package io.certworker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.config.WorkerConfig;
import io.certworker.contracts.Topics;
import io.certworker.contracts.X509Type;
import io.certworker.embeddedkafka.EmbeddedKafkaCluster;
import io.certworker.testing.TestWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics, /health/live and /health/ready of a running worker, during and after an end-to-end run. */
class OperationsIntegrationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path directory;

    @Test
    void metricsCountWhatHappenedAndHealthSaysTheWorkerIsReady() throws Exception {
        try (TestWorker worker = TestWorker.start(directory, Map.of())) {
            int port = worker.worker().metricsPort();
            assertThat(port).isPositive();
            worker.putUser(GROUP, "alice", X509Type.MANAGED);
            String issued = send(worker, "alice", UUID.randomUUID().toString());
            String failed = send(worker, "nobody", UUID.randomUUID().toString());
            worker.outcome(issued);
            worker.outcome(failed);
            send(worker, "alice", issued); // the same requestId again: a duplicate
            worker.sendRequest("garbage", "not json");

            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String metrics = get(port, "/metrics").body();
                assertThat(metrics)
                        .contains("certworker_requests_consumed_total 4.0")
                        .contains("certworker_outcomes_total{error_code=\"none\",issuer=\"internal-ca\",result=\"issued\"} 1.0")
                        .contains("certworker_outcomes_total{error_code=\"USERNAME_NOT_FOUND\",issuer=\"internal-ca\",result=\"failed\"} 1.0")
                        .contains("certworker_outcomes_total{error_code=\"none\",issuer=\"none\",result=\"duplicate\"} 1.0")
                        .contains("certworker_outcomes_total{error_code=\"none\",issuer=\"none\",result=\"dead_lettered\"} 1.0")
                        .contains("certworker_dead_letters_total 1.0")
                        .contains("certworker_issuance_duration_seconds_count{issuer=\"internal-ca\"} 1")
                        .contains("certworker_end_to_end_latency_seconds_count{result=\"issued\"} 1")
                        .contains("certworker_end_to_end_latency_seconds_count{result=\"failed\"} 1")
                        .contains("certworker_key_generation_duration_seconds_count{algorithm=\"EC-P256\"}")
                        .contains("certworker_key_algorithm_info{algorithm=\"EC-P256\"} 1")
                        .contains("certworker_in_flight_requests 0.0")
                        .contains("certworker_newest_certificate_expiry_timestamp_seconds{issuer=\"internal-ca\"}")
                        .contains("certworker_consumer_lag_records{partition=\"0\",topic=\"" + worker.topics().requests() + "\"} 0.0")
                        .contains("jvm_memory_used_bytes")
                        .contains("process_cpu_usage")
                        .contains("kafka_consumer_fetch_manager_records_consumed_total")
                        .contains("kafka_producer_record_send_total");
            });

            HttpResponse<String> ready = get(port, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            JsonNode readiness = JSON.readTree(ready.body());
            assertThat(readiness.get("status").asText()).isEqualTo("UP");
            assertThat(readiness.get("checks").properties()).extracting(Map.Entry::getKey)
                    .contains("kafka", "userDirectory", "issuer", "loop");
            assertThat(ready.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/json"));
            assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(port, "/health/live").body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(get(port, "/nope").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void readinessTurnsDownWhenTheBrokerIsGone() throws Exception {
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().start();
        try (TestWorker worker = TestWorker.start(directory, Map.of(WorkerConfig.BOOTSTRAP_SERVERS,
                kafka.bootstrapServers(), "kafka.request.timeout.ms", "3000", "kafka.default.api.timeout.ms", "3000"))) {
            int port = worker.worker().metricsPort();
            assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);

            kafka.close();

            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> ready = get(port, "/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                JsonNode readiness = JSON.readTree(ready.body());
                assertThat(readiness.get("status").asText()).isEqualTo("DOWN");
                assertThat(readiness.at("/checks/kafka").asText()).isEqualTo("DOWN");
            });
            assertThat(get(port, "/health/live").statusCode()).as("the worker itself is alive").isEqualTo(200);
        } finally {
            kafka.close();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String send(TestWorker worker, String username, String requestId) throws Exception {
        worker.sendRequest(Topics.key(GROUP, username), JSON.writeValueAsString(Map.of("requestId", requestId,
                "groupId", GROUP, "username", username)));
        return requestId;
    }
}
