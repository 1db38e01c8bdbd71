package io.certworker.requeststate;

import io.certworker.handling.Outcome;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a request must be handled: the one owner of what this instance knows about requestIds, answered (per owned
 * partition, from the state topic and from what it published since) and in process (consumed, not yet published).
 *
 * <p>{@link #check} says: {@link New} (handle it), {@link Answered} (it got a certificate before: publish nothing
 * new), or {@link After} (the same requestId is being handled right now: wait for that, whose certificate, if it gets
 * one, is this request's answer too). Answers older than the state topic's retention are forgotten, at most once a
 * minute, so memory follows the work of the retention window and not of the instance's whole life. Thread-safe.
 */
public final class RequestGuard {
    private static final Duration FORGETTING_INTERVAL = Duration.ofMinutes(1);

    /** What to do with a request. */
    public sealed interface Verdict {
    }

    /** Never seen (or forgotten): handle it. */
    public record New() implements Verdict {
    }

    /** Answered with a certificate before: that is its answer. */
    public record Answered(BigInteger serialNumber, Instant answeredAt) implements Verdict {
    }

    /** Being handled now, by an earlier record with the same requestId: its outcome decides. */
    public record After(CompletableFuture<Outcome> earlier) implements Verdict {
    }

    private record InProcess(int partition, CompletableFuture<Outcome> outcome) {
    }

    private final Duration memory;
    private final Clock clock;
    private final Map<Integer, AnsweredRequests> answered = new ConcurrentHashMap<>();
    private final Map<String, InProcess> inProcess = new ConcurrentHashMap<>();
    private volatile Instant lastForgetting = Instant.MIN;

    /** @param memory how long an answered requestId is remembered (the state topic's retention) */
    public RequestGuard(Duration memory, Clock clock) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The verdict on a request read from {@code partition}; unless it is {@link Answered}, the request is noted as in
     * process with {@code outcome} (its outcome to be) until {@link #released}.
     */
    public Verdict check(int partition, String requestId, CompletableFuture<Outcome> outcome) {
        AnsweredRequests partitionAnswers = answered.get(partition);
        Optional<AnsweredRequests.Answer> answer = partitionAnswers == null ? Optional.empty()
                : partitionAnswers.answerOf(requestId);
        if (answer.isPresent()) {
            return new Answered(answer.get().serialNumber(), answer.get().answeredAt());
        }
        InProcess earlier = inProcess.put(requestId, new InProcess(partition, outcome));
        return earlier == null ? new New() : new After(earlier.outcome());
    }

    /** The request was published answered with {@code serialNumber} (its transaction committed). */
    public void answered(int partition, String requestId, BigInteger serialNumber, Instant answeredAt) {
        answered.computeIfAbsent(partition, p -> new AnsweredRequests()).put(requestId, serialNumber, answeredAt);
        forgetOldAnswers();
    }

    /** The request with this outcome to be is published or given up: it is no longer in process. */
    public void released(String requestId, CompletableFuture<Outcome> outcome) {
        inProcess.computeIfPresent(requestId, (id, current) -> current.outcome() == outcome ? null : current);
    }

    /** What the state topic says was answered in a partition just taken over, replacing anything held for it. */
    public void restored(int partition, AnsweredRequests answers) {
        answered.put(partition, answers);
    }

    /** Forgets partitions this instance no longer owns. */
    public void drop(Collection<Integer> partitions) {
        for (int partition : partitions) {
            answered.remove(partition);
            inProcess.values().removeIf(current -> current.partition() == partition);
        }
    }

    /** The guard's time. */
    public Instant now() {
        return clock.instant();
    }

    /** The oldest answer still worth remembering, now. */
    public Instant memoryCutoff() {
        return clock.instant().minus(memory);
    }

    /** Requests remembered as answered, per owned partition. */
    public Map<Integer, Integer> answeredCounts() {
        Map<Integer, Integer> counts = new HashMap<>();
        answered.forEach((partition, answers) -> counts.put(partition, answers.size()));
        return counts;
    }

    /** At most once a minute, forgets the answers older than the state topic keeps them. */
    private void forgetOldAnswers() {
        Instant now = clock.instant();
        if (lastForgetting.isAfter(now.minus(FORGETTING_INTERVAL))) {
            return;
        }
        lastForgetting = now;
        Instant cutoff = now.minus(memory);
        answered.values().forEach(answers -> answers.forgetBefore(cutoff));
    }
}
