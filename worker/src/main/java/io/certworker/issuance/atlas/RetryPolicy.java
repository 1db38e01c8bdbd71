package io.certworker.issuance.atlas;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter, floored by Atlas's {@code Retry-After}, within an attempt and time budget.
 *
 * @param maxAttempts    calls per request, the first included
 * @param initialBackoff the backoff ceiling after the first failure; it doubles with each further failure
 * @param maxBackoff     the largest backoff ceiling
 * @param budget         the time from the first call after which no further call starts
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration budget) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(budget, "budget");
    }

    /**
     * The wait before the next call after {@code failures} failed ones: a uniformly random time up to
     * {@code min(maxBackoff, initialBackoff × 2^(failures-1))} ("full jitter"), but never less than {@code retryAfter}.
     *
     * @param random a source of uniform numbers in [0, 1)
     */
    Duration backoff(int failures, Duration retryAfter, DoubleSupplier random) {
        long ceiling = initialBackoff.toMillis();
        for (int i = 1; i < failures && ceiling < maxBackoff.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxBackoff.toMillis());
        long jittered = (long) (random.getAsDouble() * ceiling);
        return Duration.ofMillis(Math.max(jittered, retryAfter == null ? 0 : retryAfter.toMillis()));
    }
}
