package io.certworker.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certworker.testing.processes.InProcessBroker;
import io.certworker.testing.processes.Outcomes;
import io.certworker.testing.processes.Outcomes.Outcome;
import io.certworker.testing.processes.SignatureLogs;
import io.certworker.testing.processes.SoftHsmToken;
import io.certworker.testing.processes.TestRootCa;
import io.certworker.testing.processes.Traffic;
import io.certworker.testing.processes.Traffic.Request;
import io.certworker.testing.processes.Traffic.User;
import io.certworker.testing.processes.WorkerEnvironment;
import io.certworker.testing.processes.WorkerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The CA with its keys in a PKCS#11 token (SoftHSM2, a token of each test's own), worker processes started from the
 * packaged jar over the real broker: {@code ca.key.store=pkcs11}.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HsmIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern METRICS_PORT = Pattern.compile("Metrics on http://[^:]+:(\\d+)/metrics");

    private final List<WorkerProcess> workers = new ArrayList<>();
    private Outcomes outcomes;
    private Traffic traffic;

    @AfterEach
    void stopEverything() {
        workers.forEach(WorkerProcess::close);
        if (outcomes != null) {
            outcomes.close();
        }
        if (traffic != null) {
            traffic.close();
        }
    }

    @Test
    void two_instances_on_one_token_sign_a_project_with_one_key_that_never_leaves_the_token() throws Exception {
        Path directory = Workspace.fresh("hsm-two-instances");
        SoftHsmToken token = SoftHsmToken.create(directory.resolve("softhsm"), "cw-two-instances");
        Path rootCertificate = token.initRoot("cert-worker-root", "RSA-2048");
        WorkerEnvironment environment = environment("hsmtwo", directory, token).with("CERT_WORKER_CA_STORE", "kafka");
        WorkerProcess first = instance(environment, directory, "worker-1");
        WorkerProcess second = instance(environment, directory, "worker-2");
        first.awaitReady();
        second.awaitReady();
        outcomes = Outcomes.collect(environment.bootstrapServers(), environment.issuedTopic(), environment.failedTopic());
        traffic = Traffic.to(environment.bootstrapServers(), environment.usersTopic(), environment.requestsTopic());
        List<Request> requests = Traffic.requests(traffic.putUsers(1, 24), 240); // one project, both instances
        assertThat(Outcomes.waitUntil(() -> first.process().printed(line -> line.contains("Partitions assigned"))
                && second.process().printed(line -> line.contains("Partitions assigned")), Duration.ofSeconds(60)))
                .as("both instances own partitions").isTrue();

        traffic.sendAll(requests);
        outcomes.awaitAnswered(60, Duration.ofSeconds(120), () -> { }, first::describeTail);
        first.kill9(); // its drafts are finished again from the journal, re-signed in the token
        first.restart();
        outcomes.awaitAnswered(requests.size(), Duration.ofSeconds(180), () -> { }, second::describeTail);
        for (WorkerProcess worker : workers) {
            assertThat(worker.sigterm()).as("a clean stop" + worker.describeTail()).isZero();
        }

        List<Outcome> visible = Outcomes.readAll(environment.bootstrapServers(), environment.issuedTopic(),
                environment.failedTopic());
        SignatureLogs signatures = SignatureLogs.read(List.of(
                WorkerEnvironment.signatureLog(directory.resolve("worker-1")),
                WorkerEnvironment.signatureLog(directory.resolve("worker-2"))));
        ExactlyOnce.verify(requests, visible, signatures);
        // Both instances signed, and every certificate names the one project CA.
        assertThat(signatures.signatures().stream().map(SignatureLogs.Signature::file).distinct().count())
                .as("both instances signed").isEqualTo(2);
        Set<String> issuingCas = visible.stream().map(Outcome::caCertificatePem).collect(Collectors.toSet());
        assertThat(issuingCas).as("one issuing CA for the project").hasSize(1);
        String projectCa = issuingCas.iterator().next();
        for (Outcome outcome : List.of(visible.get(0), visible.get(visible.size() / 2), visible.get(visible.size() - 1))) {
            assertThat(opensslVerify(directory, rootCertificate, projectCa, outcome.pem()))
                    .as("openssl verify of " + outcome.requestId()).contains(": OK");
        }

        // The CA store holds the certificate and the key's label, never key material.
        List<JsonNode> caRecords = readAll(environment.bootstrapServers(), environment.caStoreTopic());
        assertThat(caRecords).isNotEmpty().allSatisfy(record -> {
            assertThat(record.has("tokenKeyLabel")).isTrue();
            assertThat(record.has("wrappedPrivateKey")).isFalse();
            assertThat(record.toString()).doesNotContain("PRIVATE KEY");
        });
        String label = caRecords.get(0).path("tokenKeyLabel").asText();
        String groupId = caRecords.get(0).path("groupId").asText();
        assertThat(label).startsWith(groupId + "/");
        // The winning key is the only one of the project left in the token (a losing candidate is destroyed) ...
        List<String> projectKeys = Stream.of(token.inspect("labels").split("\n"))
                .filter(line -> line.startsWith("label " + groupId + "/")).map(line -> line.substring(6).strip())
                .toList();
        assertThat(projectKeys).containsExactly(label);
        // ... and the token says it can never leave it.
        assertThat(token.inspect("attributes", label)).contains("CKA_SENSITIVE=true", "CKA_EXTRACTABLE=false",
                "CKA_ALWAYS_SENSITIVE=true", "CKA_NEVER_EXTRACTABLE=true");
        assertThat(filesContaining(directory.resolve("worker-1"), "PRIVATE KEY")).isEmpty();
        assertThat(filesContaining(directory.resolve("worker-2"), "PRIVATE KEY")).isEmpty();
    }

    @Test
    void a_token_lost_mid_run_answers_retryable_errors_then_signs_again_when_it_is_back() throws Exception {
        Path directory = Workspace.fresh("hsm-token-lost");
        SoftHsmToken token = SoftHsmToken.create(directory.resolve("softhsm"), "cw-token-lost");
        Path rootCertificate = token.initRoot("cert-worker-root", "RSA-2048");
        WorkerEnvironment environment = environment("hsmlost", directory, token)
                .with("CERT_WORKER_CA_PKCS11_PROBE_INTERVAL_MS", "300");
        WorkerProcess worker = instance(environment, directory, "worker");
        worker.awaitReady();
        String ready = "http://127.0.0.1:" + metricsPort(worker) + "/health/ready";
        outcomes = Outcomes.collect(environment.bootstrapServers(), environment.issuedTopic(), environment.failedTopic());
        traffic = Traffic.to(environment.bootstrapServers(), environment.usersTopic(), environment.requestsTopic());
        List<User> users = traffic.putUsers(1, 5);
        List<Request> before = Traffic.requests(users, 20);
        traffic.sendAll(before);
        outcomes.awaitAnswered(20, Duration.ofSeconds(120), () -> { }, worker::describeTail);
        assertThat(status(ready)).isEqualTo(200);

        token.remove();
        assertThat(Outcomes.waitUntil(() -> status(ready) == 503, Duration.ofSeconds(30)))
                .as("readiness DOWN while the token is lost" + worker.describeTail()).isTrue();
        assertThat(body(ready)).contains("\"issuer\"");
        List<Request> during = Traffic.requests(users, 20);
        traffic.sendAll(during);
        outcomes.awaitAnswered(40, Duration.ofSeconds(120), () -> { }, worker::describeTail);

        token.restore();
        assertThat(Outcomes.waitUntil(() -> status(ready) == 200, Duration.ofSeconds(60)))
                .as("readiness UP once the token is back" + worker.describeTail()).isTrue();
        traffic.sendAll(during); // the producer tries again, with the same requestIds
        assertThat(Outcomes.waitUntil(() -> outcomes.all().stream().filter(Outcome::issued).map(Outcome::requestId)
                .distinct().count() == 40, Duration.ofSeconds(120))).as("the retried requests issued"
                + worker.describeTail()).isTrue();
        assertThat(worker.sigterm()).isZero();

        List<JsonNode> failed = readAll(environment.bootstrapServers(), environment.failedTopic());
        Set<String> duringIds = during.stream().map(Request::requestId).collect(Collectors.toSet());
        assertThat(failed).as("each request sent while the token was lost failed once, retryably").hasSize(20)
                .allSatisfy(event -> {
                    assertThat(event.path("error").asInt()).isEqualTo(500);
                    assertThat(event.path("retryable").asBoolean()).isTrue();
                    assertThat(duringIds).contains(event.path("requestId").asText());
                });
        List<Outcome> visible = Outcomes.readAll(environment.bootstrapServers(), environment.issuedTopic(),
                environment.failedTopic());
        Map<String, List<Outcome>> issued = visible.stream().filter(Outcome::issued)
                .collect(Collectors.groupingBy(Outcome::requestId));
        List<Request> all = new ArrayList<>(before);
        all.addAll(during);
        assertThat(issued.keySet()).as("every request got its certificate in the end")
                .containsExactlyInAnyOrderElementsOf(all.stream().map(Request::requestId).toList());
        assertThat(issued.values()).allSatisfy(certificates -> assertThat(certificates).hasSize(1));
        SignatureLogs signatures = SignatureLogs.read(List.of(WorkerEnvironment.signatureLog(directory.resolve("worker"))));
        assertThat(signatures.signatures()).as("nothing signed twice, nothing signed while the token was lost")
                .hasSize(40);
        assertThat(signatures.distinctSerials()).hasSize(40);
        Outcome last = issued.get(during.get(during.size() - 1).requestId()).get(0);
        assertThat(opensslVerify(directory, rootCertificate, last.caCertificatePem(), last.pem())).contains(": OK");
        assertThat(worker.process().printed(line -> line.contains("is back"))).isTrue();
    }

    @Test
    void a_wrong_pin_or_an_extractable_root_stops_the_worker_at_start_up_naming_the_setting() throws Exception {
        Path directory = Workspace.fresh("hsm-refused");
        SoftHsmToken token = SoftHsmToken.create(directory.resolve("softhsm"), "cw-refused");
        token.initRoot("cert-worker-root", "RSA-2048");
        Path wrongPin = Files.writeString(directory.resolve("wrong.pin"), "0000\n");
        WorkerProcess wrong = instance(environment("hsmpin", directory, token)
                .with("CERT_WORKER_CA_PKCS11_PIN_FILE", wrongPin.toString()), directory, "wrong-pin");
        assertThat(Outcomes.waitUntil(() -> !wrong.isAlive(), Duration.ofSeconds(60))).isTrue();
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.process().printed(line -> line.contains("ca.pkcs11.pin") && line.contains("refused the PIN")))
                .as(wrong.describeTail()).isTrue();

        assertThat(token.inspect("import-extractable", "careless-root")).contains("imported careless-root");
        WorkerProcess careless = instance(environment("hsmextract", directory, token)
                .with("CERT_WORKER_CA_PKCS11_ROOT_LABEL", "careless-root"), directory, "careless");
        assertThat(Outcomes.waitUntil(() -> !careless.isAlive(), Duration.ofSeconds(60))).isTrue();
        assertThat(careless.exitCode()).isNotZero();
        assertThat(careless.process().printed(line -> line.contains("careless-root")
                && line.contains("CKA_EXTRACTABLE=true"))).as(careless.describeTail()).isTrue();
    }

    private static WorkerEnvironment environment(String prefix, Path directory, SoftHsmToken token) {
        WorkerEnvironment environment = InProcessBroker.environment(prefix, TestRootCa.generate(directory.resolve("unused-root")))
                .without("CERT_WORKER_CA_ROOT_CERTIFICATE_FILE")
                .without("CERT_WORKER_CA_ROOT_PRIVATE_KEY_FILE")
                .with("CERT_WORKER_CA_KEY_ALGORITHM", "RSA-2048");
        token.workerEnvironment().forEach(environment::with);
        return environment;
    }

    private WorkerProcess instance(WorkerEnvironment environment, Path directory, String name) {
        WorkerProcess worker = WorkerProcess.launch(name, environment.instance(name, directory.resolve(name)),
                directory.resolve(name + ".log"));
        workers.add(worker);
        return worker;
    }

    private static int metricsPort(WorkerProcess worker) throws InterruptedException {
        String line = worker.process().awaitLine(text -> METRICS_PORT.matcher(text).find(), Duration.ofSeconds(10),
                "the metrics port");
        Matcher matcher = METRICS_PORT.matcher(line);
        assertThat(matcher.find()).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static int status(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String body(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** {@code openssl verify} of a client certificate against the root, through the project CA. */
    private static String opensslVerify(Path directory, Path root, String projectCa, String certificatePem)
            throws IOException, InterruptedException {
        Path untrusted = Files.writeString(Files.createTempFile(directory, "project-ca", ".pem"), projectCa);
        String certificate = certificatePem.substring(0, certificatePem.indexOf("-----END CERTIFICATE-----")
                + "-----END CERTIFICATE-----".length()) + "\n";
        Path leaf = Files.writeString(Files.createTempFile(directory, "client", ".pem"), certificate);
        Process process = new ProcessBuilder("openssl", "verify", "-CAfile", root.toString(), "-untrusted",
                untrusted.toString(), "-purpose", "sslclient", leaf.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private static List<JsonNode> readAll(String bootstrapServers, String topic) throws IOException {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<JsonNode> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        values.add(JSON.readTree(record.value()));
                    }
                }
            }
        }
        return values;
    }

    private static List<Path> filesContaining(Path folder, String text) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                try {
                    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
                } catch (IOException e) {
                    return true;
                }
            }).toList();
        }
    }
}
