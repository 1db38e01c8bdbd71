package io.certworker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class AnsweredRequestsTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void forgetsOnlyTheAnswersOlderThanTheCutoffOldestFirst() {
        AnsweredRequests answers = new AnsweredRequests();
        answers.put("r-1", "1", T0);
        answers.put("r-2", "2", T0.plusSeconds(60));
        answers.put("r-3", "3", T0.plusSeconds(120));

        assertThat(answers.forgetBefore(T0.plusSeconds(61))).isEqualTo(2);

        assertThat(answers.serialNumberOf("r-1")).isEmpty();
        assertThat(answers.serialNumberOf("r-2")).isEmpty();
        assertThat(answers.serialNumberOf("r-3")).contains("3");
        assertThat(answers.size()).isEqualTo(1);
    }

    @Test
    void anAnswerTakenAgainCountsFromItsNewTime() {
        AnsweredRequests answers = new AnsweredRequests();
        answers.put("r-1", "1", T0);
        answers.put("r-2", "2", T0.plusSeconds(60));
        answers.put("r-1", "1", T0.plusSeconds(120));

        answers.forgetBefore(T0.plusSeconds(90));

        assertThat(answers.serialNumberOf("r-1")).contains("1");
        assertThat(answers.serialNumberOf("r-2")).isEmpty();
    }

    @Test
    void aLongRunningInstanceForgetsWhatTheStateTopicNoLongerKeeps() {
        MutableClock clock = new MutableClock();
        MockProducer<byte[], byte[]> journal = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        journal.initTransactions();
        try (RequestStates states = new RequestStates("cert-requests-state", AnsweredRequestsTest::noReader,
                AnsweredRequestsTest::noReader, journal, null, Duration.ofSeconds(1), Duration.ofDays(7), clock)) {
            states.published(answered("old", "11"));
            assertThat(states.answeredWith(0, "old")).contains("11");

            clock.shift(Duration.ofDays(7).plusMinutes(2));
            states.published(answered("new", "22"));

            assertThat(states.answeredWith(0, "old")).isEmpty();
            assertThat(states.answeredWith(0, "new")).contains("22");
            assertThat(states.answeredCounts()).containsEntry(0, 1);
        }
    }

    @Test
    void aRequestSentAgainGetsItsAnsweredStateAgainWithTheTimeOfItsOriginalAnswer() {
        MutableClock clock = new MutableClock();
        MockProducer<byte[], byte[]> journal = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        journal.initTransactions();
        try (RequestStates states = new RequestStates("cert-requests-state", AnsweredRequestsTest::noReader,
                AnsweredRequestsTest::noReader, journal, null, Duration.ofSeconds(1), Duration.ofDays(7), clock)) {
            Instant before = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            states.published(answered("r-1", "11"));
            Instant after = clock.instant();
            clock.shift(Duration.ofHours(5));

            ProducerRecord<byte[], byte[]> again = states.answeredAgain(0, "r-1", "5efda6aea3f2ed2e7dd6ce05", "alice",
                    "11");

            assertThat(again.topic()).isEqualTo("cert-requests-state");
            assertThat(again.partition()).isZero();
            assertThat(new String(again.key(), StandardCharsets.UTF_8)).isEqualTo("r-1");
            String value = new String(again.value(), StandardCharsets.UTF_8);
            assertThat(value).startsWith("{\"schemaVersion\":1,\"state\":\"answered\",\"requestId\":\"r-1\","
                    + "\"groupId\":\"5efda6aea3f2ed2e7dd6ce05\",\"username\":\"alice\",\"serialNumber\":\"11\","
                    + "\"answeredAt\":\"");
            Instant answeredAt = Instant.parse(value.replaceAll(".*\"answeredAt\":\"([^\"]+)\".*", "$1"));
            assertThat(answeredAt).as("the original answer's time, not now").isBetween(before, after);
        }
    }

    private static ProducerRecord<byte[], byte[]> answered(String requestId, String serial) {
        return new ProducerRecord<>("cert-requests-state", 0, requestId.getBytes(StandardCharsets.UTF_8),
                ("{\"state\":\"answered\",\"serialNumber\":\"" + serial + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static Consumer<byte[], byte[]> noReader() {
        throw new IllegalStateException("not read in this test");
    }
}
