package io.certworker.issuance.atlas;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's own per-project budget for Atlas calls, so that it never exceeds Atlas's documented limit by itself:
 * a token bucket per project (capacity 1200, refilled 500 per minute), plus the pause Atlas asks for with a 429's
 * {@code Retry-After}. Only the project that is limited waits; others keep flowing.
 */
final class ProjectRateLimits {
    /**
     * Added to every wait for the bucket: a call reserved now reaches Atlas a little later than the one before it,
     * so without it a call could arrive a few milliseconds before Atlas's bucket has earned its token.
     */
    static final Duration SAFETY_MARGIN = Duration.ofMillis(50);

    private final int capacity;
    private final double tokensPerMilli;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    ProjectRateLimits(int capacity, int refillPerMinute, Clock clock) {
        this.capacity = capacity;
        this.tokensPerMilli = refillPerMinute / 60_000.0;
        this.clock = clock;
    }

    /** Reserves one call for the project and answers how long to wait before making it. */
    Duration reserve(String groupId) {
        return buckets.computeIfAbsent(groupId, id -> new Bucket()).reserve(clock.instant());
    }

    /** Atlas said to wait: no call for the project starts before {@code until}. */
    void pauseUntil(String groupId, Instant until) {
        buckets.computeIfAbsent(groupId, id -> new Bucket()).pauseUntil(until);
    }

    private final class Bucket {
        private double tokens = capacity;
        private Instant updated = clock.instant();
        private Instant pausedUntil = Instant.MIN;

        synchronized Duration reserve(Instant now) {
            refill(now);
            tokens -= 1; // below zero means reserved ahead: the caller waits until it is earned
            long bucketWait = tokens >= 0 ? 0 : (long) Math.ceil(-tokens / tokensPerMilli) + SAFETY_MARGIN.toMillis();
            long pauseWait = now.isBefore(pausedUntil) ? Duration.between(now, pausedUntil).toMillis() : 0;
            return Duration.ofMillis(Math.max(bucketWait, pauseWait));
        }

        synchronized void pauseUntil(Instant until) {
            if (until.isAfter(pausedUntil)) {
                pausedUntil = until;
            }
        }

        private void refill(Instant now) {
            long elapsed = Duration.between(updated, now).toMillis();
            if (elapsed > 0) {
                tokens = Math.min(capacity, tokens + elapsed * tokensPerMilli);
                updated = now;
            }
        }
    }
}
