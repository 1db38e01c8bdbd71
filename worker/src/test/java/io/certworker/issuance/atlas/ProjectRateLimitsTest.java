package io.certworker.issuance.atlas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProjectRateLimitsTest {
    static final String A = "aaaaaaaaaaaaaaaaaaaaaaaa";
    static final String B = "bbbbbbbbbbbbbbbbbbbbbbbb";

    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T12:00:00Z"));
    ProjectRateLimits limits = new ProjectRateLimits(1200, 500, clock);

    @Test
    void aBurstOfTheBucketCapacityGoesAtOnceAndTheNextWaitsForTheRefill() {
        for (int i = 0; i < 1200; i++) {
            assertThat(limits.reserve(A)).isZero();
        }
        // 500 per minute: one per 120 ms, each with a small margin for the time a call takes to reach Atlas
        assertThat(limits.reserve(A)).isEqualTo(Duration.ofMillis(120).plus(ProjectRateLimits.SAFETY_MARGIN));
        assertThat(limits.reserve(A)).isEqualTo(Duration.ofMillis(240).plus(ProjectRateLimits.SAFETY_MARGIN));
    }

    @Test
    void overAnyMinuteAfterTheBurstNoMoreThanTheRefillIsAllowed() {
        for (int i = 0; i < 1200; i++) {
            limits.reserve(A);
        }
        int withinAMinute = 0;
        while (limits.reserve(A).compareTo(Duration.ofMinutes(1).plus(ProjectRateLimits.SAFETY_MARGIN)) <= 0) {
            withinAMinute++;
        }
        assertThat(withinAMinute).isEqualTo(500);
    }

    @Test
    void theBucketRefillsWithTime() {
        for (int i = 0; i < 1200; i++) {
            limits.reserve(A);
        }
        clock.advance(Duration.ofSeconds(60));

        for (int i = 0; i < 500; i++) {
            assertThat(limits.reserve(A)).isZero();
        }
        assertThat(limits.reserve(A)).isPositive();
    }

    @Test
    void retryAfterPausesOnlyThatProject() {
        limits.pauseUntil(A, clock.instant().plusSeconds(30));

        assertThat(limits.reserve(A)).isEqualTo(Duration.ofSeconds(30));
        assertThat(limits.reserve(B)).isZero();
        clock.advance(Duration.ofSeconds(31));
        assertThat(limits.reserve(A)).isZero();
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
