package io.certworker.requeststate;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.testing.MutableClock;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AnsweredRequestsTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void forgetsOnlyTheAnswersOlderThanTheCutoffOldestFirst() {
        AnsweredRequests answers = new AnsweredRequests();
        answers.put("r-1", BigInteger.ONE, T0);
        answers.put("r-2", BigInteger.TWO, T0.plusSeconds(60));
        answers.put("r-3", BigInteger.valueOf(3), T0.plusSeconds(120));

        assertThat(answers.forgetBefore(T0.plusSeconds(61))).isEqualTo(2);

        assertThat(serialOf(answers, "r-1")).isEmpty();
        assertThat(serialOf(answers, "r-2")).isEmpty();
        assertThat(serialOf(answers, "r-3")).contains(BigInteger.valueOf(3));
        assertThat(answers.size()).isEqualTo(1);
    }

    @Test
    void anAnswerTakenAgainCountsFromItsNewTime() {
        AnsweredRequests answers = new AnsweredRequests();
        answers.put("r-1", BigInteger.ONE, T0);
        answers.put("r-2", BigInteger.TWO, T0.plusSeconds(60));
        answers.put("r-1", BigInteger.ONE, T0.plusSeconds(120));

        answers.forgetBefore(T0.plusSeconds(90));

        assertThat(serialOf(answers, "r-1")).contains(BigInteger.ONE);
        assertThat(serialOf(answers, "r-2")).isEmpty();
    }

    @Test
    void aLongRunningInstanceForgetsWhatTheStateTopicNoLongerKeeps() {
        MutableClock clock = new MutableClock();
        RequestGuard guard = new RequestGuard(Duration.ofDays(7), clock);
        Instant first = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        guard.answered(0, "old", BigInteger.valueOf(11), first);
        assertThat(guard.check(0, "old", new CompletableFuture<>()))
                .isEqualTo(new RequestGuard.Answered(BigInteger.valueOf(11), first));

        clock.shift(Duration.ofDays(7).plusMinutes(2));
        Instant second = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        guard.answered(0, "new", BigInteger.valueOf(22), second);

        assertThat(guard.check(0, "old", new CompletableFuture<>())).isInstanceOf(RequestGuard.New.class);
        assertThat(guard.check(0, "new", new CompletableFuture<>()))
                .isEqualTo(new RequestGuard.Answered(BigInteger.valueOf(22), second));
        assertThat(guard.answeredCounts()).containsEntry(0, 1);
    }

    private static Optional<BigInteger> serialOf(AnsweredRequests answers, String requestId) {
        return answers.answerOf(requestId).map(AnsweredRequests.Answer::serialNumber);
    }

    @Test
    void holdsAHundredThousandAnswersAndForgetsHalfOfThemWithoutLosingTheOthers() {
        AnsweredRequests answers = new AnsweredRequests();
        for (int i = 0; i < 100_000; i++) {
            answers.put("request-" + i, BigInteger.valueOf(i + 1), T0.plusSeconds(i));
        }

        assertThat(answers.forgetBefore(T0.plusSeconds(50_000))).isEqualTo(50_000);

        assertThat(answers.size()).isEqualTo(50_000);
        for (int i = 0; i < 100_000; i++) {
            Optional<BigInteger> serial = serialOf(answers, "request-" + i);
            if (i < 50_000) {
                assertThat(serial).as("request-%d", i).isEmpty();
            } else {
                assertThat(serial).as("request-%d", i).contains(BigInteger.valueOf(i + 1));
            }
        }
    }

    @Test
    void keepsSerialsOfSixtyFourBitsAndLongerExactly() {
        AnsweredRequests answers = new AnsweredRequests();
        BigInteger sixtyFourBits = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        BigInteger longer = BigInteger.ONE.shiftLeft(100).add(BigInteger.TEN);
        answers.put("a", sixtyFourBits, T0);
        answers.put("b", longer, T0);

        assertThat(serialOf(answers, "a")).contains(sixtyFourBits);
        assertThat(serialOf(answers, "b")).contains(longer);
        assertThat(answers.answerOf("a").orElseThrow().answeredAt()).isEqualTo(T0);
    }

    @Test
    void takesLessThanSixtyFourBytesOfHeapPerAnswer() {
        AnsweredRequests answers = new AnsweredRequests();
        for (int i = 0; i < 200_000; i++) {
            answers.put(java.util.UUID.randomUUID().toString(), BigInteger.valueOf(i + 1), T0);
        }

        assertThat((double) answers.heapBytes() / answers.size()).isLessThan(64);
    }
}
