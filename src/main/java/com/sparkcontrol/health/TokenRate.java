package com.sparkcontrol.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens per second from a counter (vLLM's {@code *_tokens_total}): the difference between two polls over the
 * time between them. The first sample, and the one after a restart (the counter went back), are unknown.
 */
final class TokenRate {

    private record Sample(double value, Instant at) {}

    private final Map<String, Sample> previous = new ConcurrentHashMap<>();

    Double next(String series, Double value, Instant at) {
        if (value == null) {
            previous.remove(series);
            return null;
        }
        Sample before = previous.put(series, new Sample(value, at));
        if (before == null || value < before.value()) {
            return null;
        }
        long millis = Duration.between(before.at(), at).toMillis();
        if (millis <= 0) {
            return null;
        }
        return Math.round((value - before.value()) * 10_000.0 / millis) / 10.0;
    }
}
