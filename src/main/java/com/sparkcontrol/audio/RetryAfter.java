package com.sparkcontrol.audio;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A backend's {@code Retry-After} (RFC 9110 §10.2.3) as the instant until which it asked to be left alone:
 * delay-seconds (fractions accepted, as the OpenAI clients do) or an HTTP date. Anything else is ignored.
 */
final class RetryAfter {

    private RetryAfter() {}

    static Optional<Instant> until(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        try {
            double seconds = Double.parseDouble(value);
            if (Double.isNaN(seconds) || seconds < 0 || Double.isInfinite(seconds)) {
                return Optional.empty();
            }
            return Optional.of(clock.instant().plusMillis(Math.round(seconds * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /** Whole seconds from now until {@code until}, rounded up and at least 1: what a client is told to wait. */
    static long secondsUntil(Instant until, Clock clock) {
        long millis = Duration.between(clock.instant(), until).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
