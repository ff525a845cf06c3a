package com.sparkcontrol.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTests {

    final MutableClock clock = new MutableClock();
    final LoginThrottle throttle = new LoginThrottle(5, 60, clock);

    @Test
    void fiveFailuresAMinuteAreAllowedTheSixthAttemptWaits() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.waitBeforeAttempt("10.0.0.5")).as("attempt %d", i + 1).isEmpty();
            throttle.failed("10.0.0.5");
        }
        assertThat(throttle.waitBeforeAttempt("10.0.0.5")).hasValueSatisfying(wait ->
                assertThat(wait).isGreaterThan(Duration.ZERO).isLessThanOrEqualTo(Duration.ofSeconds(12)));
    }

    @Test
    void oneTokenComesBackEveryTwelveSeconds() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("10.0.0.5");
        }
        clock.advance(Duration.ofSeconds(12));
        assertThat(throttle.waitBeforeAttempt("10.0.0.5")).isEmpty();
        throttle.failed("10.0.0.5");
        assertThat(throttle.waitBeforeAttempt("10.0.0.5")).isPresent();
    }

    @Test
    void otherClientsAreNotSlowedByOneGuesser() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("10.0.0.5");
        }
        assertThat(throttle.waitBeforeAttempt("10.0.0.6")).isEmpty();
    }

    @Test
    void aSuccessForgetsThatClientsFailures() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("10.0.0.5");
        }
        throttle.succeeded("10.0.0.5");
        assertThat(throttle.waitBeforeAttempt("10.0.0.5")).isEmpty();
    }

    @Test
    void manyClaimedAddressesStillHitTheLimitForAllClients() {
        // X-Forwarded-For can name a new address for every guess; the shared bucket still bounds the guessing
        for (int i = 0; i < 60; i++) {
            assertThat(throttle.waitBeforeAttempt("198.51.100." + i)).isEmpty();
            throttle.failed("198.51.100." + i);
        }
        assertThat(throttle.waitBeforeAttempt("198.51.100.200")).isPresent();
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
