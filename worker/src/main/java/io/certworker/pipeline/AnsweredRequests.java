package io.certworker.pipeline;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The requests of one partition that were answered with a certificate, remembered for as long as the request-state
 * topic keeps them: an instance that has owned a partition for weeks must forget what a freshly started one would
 * no longer read, or its memory grows with every request it ever answered.
 *
 * <p>Kept in the order answers were taken in, which is their time order (published live, or read back in offset
 * order), so forgetting the old ones only looks at the oldest few. Thread-safe.
 */
final class AnsweredRequests {
    private record Answer(String serialNumber, long answeredAtMillis) {
    }

    private final LinkedHashMap<String, Answer> answers = new LinkedHashMap<>();

    synchronized void put(String requestId, String serialNumber, Instant answeredAt) {
        answers.remove(requestId); // a re-put moves to the end, keeping the time order
        answers.put(requestId, new Answer(serialNumber, answeredAt.toEpochMilli()));
    }

    synchronized Optional<String> serialNumberOf(String requestId) {
        Answer answer = answers.get(requestId);
        return answer == null ? Optional.empty() : Optional.of(answer.serialNumber());
    }

    /** When the request was answered, if it was (and is still remembered). */
    synchronized Optional<Instant> answeredAtOf(String requestId) {
        Answer answer = answers.get(requestId);
        return answer == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(answer.answeredAtMillis()));
    }

    /** Forgets the answers taken before {@code cutoff}; returns how many. */
    synchronized int forgetBefore(Instant cutoff) {
        long cutoffMillis = cutoff.toEpochMilli();
        int forgotten = 0;
        Iterator<Map.Entry<String, Answer>> oldestFirst = answers.entrySet().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().getValue().answeredAtMillis() < cutoffMillis) {
            oldestFirst.remove();
            forgotten++;
        }
        return forgotten;
    }

    synchronized int size() {
        return answers.size();
    }
}
