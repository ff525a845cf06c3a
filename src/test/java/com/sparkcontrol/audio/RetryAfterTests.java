package com.sparkcontrol.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void readsDelaySecondsIncludingFractions() {
        assertThat(RetryAfter.until("3", CLOCK)).contains(NOW.plusSeconds(3));
        assertThat(RetryAfter.until(" 1.5 ", CLOCK)).contains(NOW.plusMillis(1500));
    }

    @Test
    void readsAnHttpDate() {
        assertThat(RetryAfter.until("Sun, 01 Mar 2026 12:00:42 GMT", CLOCK)).contains(NOW.plusSeconds(42));
    }

    @Test
    void ignoresWhatIsNeither() {
        assertThat(RetryAfter.until("soon", CLOCK)).isEmpty();
        assertThat(RetryAfter.until("-4", CLOCK)).isEmpty();
        assertThat(RetryAfter.until("", CLOCK)).isEmpty();
        assertThat(RetryAfter.until(null, CLOCK)).isEmpty();
    }

    @Test
    void tellsClientsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(RetryAfter.secondsUntil(NOW.plusMillis(2100), CLOCK)).isEqualTo(3);
        assertThat(RetryAfter.secondsUntil(NOW.plusSeconds(3), CLOCK)).isEqualTo(3);
        assertThat(RetryAfter.secondsUntil(NOW.plusMillis(10), CLOCK)).isEqualTo(1);
        assertThat(RetryAfter.secondsUntil(NOW.minusSeconds(5), CLOCK)).isEqualTo(1);
    }
}
