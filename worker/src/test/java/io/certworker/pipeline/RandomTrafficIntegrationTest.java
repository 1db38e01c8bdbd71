package io.certworker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.certworker.contracts.DeadLetterHeaders;
import io.certworker.contracts.X509Type;
import io.certworker.testing.TestWorker;
import io.certworker.testing.TopicCollector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 random records (random keys and headers; values that are garbage, JSON that is not an object, or request
 * objects whose fields have random values of every JSON type) through a real worker over a real broker: every record
 * is answered, exactly once, by an outcome or a dead letter, and the worker is still running at the end.
 */
class RandomTrafficIntegrationTest {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final int RECORDS = 10_000;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void tenThousandRandomRecordsAreEachAnsweredOnceAndTheWorkerKeepsRunning() throws Exception {
        try (TestWorker worker = TestWorker.start(directory, Map.of())) {
            for (String user : List.of("mia", "max", "mo")) {
                worker.putUser(GROUP, user, X509Type.MANAGED);
            }
            worker.putUser(GROUP, "nils", X509Type.NONE);

            List<byte[]> values = Arbitraries.oneOf(garbage(), requests()).sampleStream().limit(RECORDS).toList();
            List<byte[]> keys = Arbitraries.strings().ofMaxLength(30).injectNull(0.1)
                    .map(key -> key == null ? null : key.getBytes(StandardCharsets.UTF_8))
                    .sampleStream().limit(RECORDS).toList();
            Map<String, Integer> expectedOutcomes = new HashMap<>();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            Map<Future<RecordMetadata>, Boolean> isGarbage = new HashMap<>();
            long started = System.nanoTime();
            try (Producer<byte[], byte[]> producer = worker.clients().producer()) {
                for (int i = 0; i < RECORDS; i++) {
                    byte[] value = values.get(i);
                    String requestId = requestIdOf(value);
                    RecordHeaders headers = new RecordHeaders();
                    headers.add("h" + (i % 3), keys.get(i));
                    Future<RecordMetadata> future = producer.send(new ProducerRecord<>(worker.topics().requests(), null,
                            null, keys.get(i), value, headers));
                    sent.add(future);
                    isGarbage.put(future, requestId == null);
                    if (requestId != null) {
                        expectedOutcomes.merge(requestId, 1, Integer::sum);
                    }
                }
                producer.flush();
            }
            List<String> garbageOffsets = new ArrayList<>();
            for (Future<RecordMetadata> future : sent) {
                RecordMetadata metadata = future.get();
                if (isGarbage.get(future)) {
                    garbageOffsets.add(metadata.partition() + "@" + metadata.offset());
                }
            }

            TopicCollector published = worker.published();
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> published.records().size() >= RECORDS);
            Thread.sleep(1000); // anything extra would show up now
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

            Map<String, Long> outcomes = published.records().stream()
                    .filter(record -> !record.topic().equals(worker.topics().deadLetters()))
                    .collect(Collectors.groupingBy(record -> TopicCollector.field(record, "requestId"),
                            Collectors.counting()));
            List<String> deadLettered = published.records(worker.topics().deadLetters()).stream()
                    .map(RandomTrafficIntegrationTest::source).toList();

            assertThat(expectedOutcomes).allSatisfy((id, count) -> assertThat(count).as("requestIds are unique").isOne());
            assertThat(outcomes.keySet()).isEqualTo(expectedOutcomes.keySet());
            assertThat(outcomes.values()).containsOnly(1L);
            assertThat(deadLettered).containsExactlyInAnyOrderElementsOf(garbageOffsets);
            assertThat(worker.worker().isRunning()).isTrue();
            System.out.printf("FIGURES: random traffic: %d records (%d requests, %d not requests) answered in %d s%n",
                    RECORDS, expectedOutcomes.size(), garbageOffsets.size(), seconds);
        }
    }

    /** Values that are not a JSON object: random bytes, text, other JSON, nothing. */
    private static Arbitrary<byte[]> garbage() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100)
                        .filter(bytes -> bytes.length == 0 || bytes[0] != '{' && !Character.isWhitespace(bytes[0])),
                Arbitraries.strings().alpha().ofMaxLength(50).map(text -> ("x" + text).getBytes(StandardCharsets.UTF_8)),
                Arbitraries.of("[]", "[1,2]", "\"string\"", "42", "null", "true", "{\"unterminated\":", "{} {}")
                        .map(text -> text.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.just((byte[]) null));
    }

    /** Request objects with a unique requestId and random values of every JSON type in the other fields. */
    private static Arbitrary<byte[]> requests() {
        Arbitrary<Object> anything = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(Object.class::cast),
                Arbitraries.integers().between(-100, 100).map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.just(List.of(1, "a")).map(Object.class::cast),
                Arbitraries.just(Map.of("x", 1)).map(Object.class::cast));
        Arbitrary<Object> groupIds = Arbitraries.oneOf(Arbitraries.just(GROUP), anything);
        Arbitrary<Object> usernames = Arbitraries.oneOf(Arbitraries.of("mia", "max", "mo", "nils", "nobody", ""),
                anything);
        Arbitrary<Object> months = Arbitraries.oneOf(Arbitraries.integers().between(-2, 30).map(Object.class::cast),
                anything);
        return net.jqwik.api.Combinators.combine(groupIds, usernames, months, anything).as((groupId, username, month,
                extra) -> {
            ObjectNode request = JSON.createObjectNode();
            request.put("requestId", java.util.UUID.randomUUID().toString());
            request.set("groupId", JSON.valueToTree(groupId));
            request.set("username", JSON.valueToTree(username));
            request.set("monthsUntilExpiration", JSON.valueToTree(month));
            request.set("extra", JSON.valueToTree(extra));
            return request.toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    private static String requestIdOf(byte[] value) {
        if (value == null || value.length == 0 || value[0] != '{') {
            return null;
        }
        try {
            return JSON.readTree(value).path("requestId").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    private static String source(ConsumerRecord<byte[], byte[]> deadLetter) {
        return header(deadLetter, DeadLetterHeaders.SOURCE_PARTITION) + "@"
                + header(deadLetter, DeadLetterHeaders.SOURCE_OFFSET);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
