package io.certworker.issuance.atlas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    final RetryPolicy policy = new RetryPolicy(8, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(5));

    @Test
    void theCeilingDoublesWithEachFailureUpToTheMaximum() {
        assertThat(policy.backoff(1, null, () -> 0.999_999)).isEqualTo(Duration.ofMillis(499));
        assertThat(policy.backoff(2, null, () -> 0.999_999)).isEqualTo(Duration.ofMillis(999));
        assertThat(policy.backoff(3, null, () -> 0.999_999)).isEqualTo(Duration.ofMillis(1999));
        assertThat(policy.backoff(20, null, () -> 0.999_999)).isEqualTo(Duration.ofMillis(29_999));
    }

    @Property(tries = 500)
    void theWaitIsFullJitterBelowTheCeilingButNeverBelowRetryAfter(
            @ForAll @IntRange(min = 1, max = 40) int failures, @ForAll @DoubleRange(min = 0, max = 0.99) double random,
            @ForAll @IntRange(min = 0, max = 120) int retryAfterSeconds) {
        Duration wait = policy.backoff(failures, Duration.ofSeconds(retryAfterSeconds), () -> random);

        assertThat(wait).isGreaterThanOrEqualTo(Duration.ofSeconds(retryAfterSeconds));
        assertThat(wait).isLessThanOrEqualTo(max(Duration.ofSeconds(30), Duration.ofSeconds(retryAfterSeconds)));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
