package io.certworker.requeststate;

import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.handling.Outcome;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The guard's three verdicts, and how in-process requests come and go. */
class RequestGuardTest {
    /** Within the guard's memory of a week: older answers are forgotten. */
    private static final Instant AT = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final RequestGuard guard = new RequestGuard(Duration.ofDays(7), Clock.systemUTC());

    @Test
    void aRequestNeverSeenIsNewAndIsThenInProcess() {
        CompletableFuture<Outcome> first = new CompletableFuture<>();
        CompletableFuture<Outcome> second = new CompletableFuture<>();

        assertThat(guard.check(0, "r-1", first)).isInstanceOf(RequestGuard.New.class);
        assertThat(guard.check(0, "r-1", second)).isEqualTo(new RequestGuard.After(first));
    }

    @Test
    void aReleasedRequestIsNoLongerInProcessButOnlyItsOwnClaimReleasesIt() {
        CompletableFuture<Outcome> first = new CompletableFuture<>();
        CompletableFuture<Outcome> second = new CompletableFuture<>();
        guard.check(0, "r-1", first);
        guard.check(0, "r-1", second);

        guard.released("r-1", first); // the earlier one is done; the later one still holds the requestId
        assertThat(guard.check(0, "r-1", new CompletableFuture<>())).isEqualTo(new RequestGuard.After(second));
    }

    @Test
    void anAnsweredRequestIsAnsweredWithItsSerialAndTimeInItsPartitionOnly() {
        guard.answered(2, "r-1", BigInteger.valueOf(42), AT);

        assertThat(guard.check(2, "r-1", new CompletableFuture<>()))
                .isEqualTo(new RequestGuard.Answered(BigInteger.valueOf(42), AT));
        assertThat(guard.check(3, "r-1", new CompletableFuture<>())).isInstanceOf(RequestGuard.New.class);
    }

    @Test
    void droppingAPartitionForgetsItsAnswersAndItsRequestsInProcess() {
        guard.answered(1, "answered", BigInteger.TEN, AT);
        CompletableFuture<Outcome> inProcess = new CompletableFuture<>();
        guard.check(1, "in-process", inProcess);

        guard.drop(List.of(1));

        assertThat(guard.check(1, "answered", new CompletableFuture<>())).isInstanceOf(RequestGuard.New.class);
        assertThat(guard.check(1, "in-process", new CompletableFuture<>())).isInstanceOf(RequestGuard.New.class);
    }

    @Test
    void aRestoredPartitionReplacesWhatWasHeldForIt() {
        guard.answered(1, "before", BigInteger.ONE, AT);
        AnsweredRequests restored = new AnsweredRequests();
        restored.put("restored", BigInteger.TWO, AT);

        guard.restored(1, restored);

        assertThat(guard.check(1, "before", new CompletableFuture<>())).isInstanceOf(RequestGuard.New.class);
        assertThat(guard.check(1, "restored", new CompletableFuture<>()))
                .isEqualTo(new RequestGuard.Answered(BigInteger.TWO, AT));
    }
}
