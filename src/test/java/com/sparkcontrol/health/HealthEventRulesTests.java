package com.sparkcontrol.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sparkcontrol.ssh.InvalidArgumentException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Validation and rate limiting of reported health events. */
class HealthEventRulesTests {

    @Test
    void aWellFormedEventIsTrimmedAndItsLineBreaksFlattened() {
        HealthEvent e = new HealthEvent(" open-webui ", "llm", "timeout\nafter 30 s\tretrying").validated();

        assertThat(e.source()).isEqualTo("open-webui");
        assertThat(e.detail()).isEqualTo("timeout after 30 s retrying");
    }

    @Test
    void detailIsOptional() {
        assertThat(new HealthEvent("app", "stt", null).validated().detail()).isNull();
    }

    @Nested
    class Refused {

        @Test
        void missingSource() {
            assertThatThrownBy(() -> new HealthEvent(null, "llm", "x").validated()).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("source is required");
        }

        @Test
        void blankService() {
            assertThatThrownBy(() -> new HealthEvent("a", "  ", "x").validated()).hasMessageContaining("service is required");
        }

        @Test
        void serviceWithShellCharacters() {
            assertThatThrownBy(() -> new HealthEvent("a", "llm; rm -rf ~", "x").validated()).hasMessageContaining("service must be");
        }

        @Test
        void tooLongDetail() {
            assertThatThrownBy(() -> new HealthEvent("a", "llm", "x".repeat(501)).validated()).hasMessageContaining("longer than 500");
        }

        @Test
        void controlCharactersInSource() {
            assertThatThrownBy(() -> new HealthEvent("a\u001b[31m", "llm", null).validated()).hasMessageContaining("control");
        }

        @Test
        void invisibleBidiOverrideInDetail() {
            assertThatThrownBy(() -> new HealthEvent("a", "llm", "ok \u202e gnp.exe").validated()).hasMessageContaining("invisible");
        }
    }

    @Nested
    class RateLimit {

        final AtomicLong nanos = new AtomicLong();
        final HealthEventLimiter limiter = new HealthEventLimiter(2, 6, nanos::get);

        @Test
        void aBurstThenOneEveryTenSecondsAtSixAMinute() {
            assertThat(limiter.acquire("app")).isEmpty();
            assertThat(limiter.acquire("app")).isEmpty();
            assertThat(limiter.acquire("app")).get().isEqualTo(Duration.ofSeconds(10));

            nanos.addAndGet(Duration.ofSeconds(10).toNanos());

            assertThat(limiter.acquire("APP")).as("sources compare case-insensitively").isEmpty();
            assertThat(limiter.acquire("app")).isPresent();
        }

        @Test
        void sourcesHaveTheirOwnBuckets() {
            limiter.acquire("a");
            limiter.acquire("a");

            assertThat(limiter.acquire("a")).isPresent();
            assertThat(limiter.acquire("b")).isEmpty();
        }

        @Test
        void inventingNewSourcesRunsIntoTheSharedLimit() {
            int accepted = 0;
            for (int i = 0; i < 100; i++) {
                if (limiter.acquire("source-" + i).isEmpty()) {
                    accepted++;
                }
            }

            assertThat(accepted).isEqualTo(2 * HealthEventLimiter.GLOBAL_FACTOR);
        }
    }
}
