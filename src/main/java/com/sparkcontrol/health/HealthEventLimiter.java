package com.sparkcontrol.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Rate limit of {@code POST /api/health-event}: a token bucket per source (burst, then so many a minute), and
 * one for all sources together so a client that invents a new source per call cannot flood the history file.
 * Only the most recently active sources are tracked; a forgotten one starts again with a full bucket.
 */
@Component
class HealthEventLimiter {

    static final int TRACKED_SOURCES = 1024;
    /** All sources together may send this many times what one source may. */
    static final int GLOBAL_FACTOR = 5;

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    private final LongSupplier nanoClock;
    private final int burst;
    private final double perNano;
    private final Bucket global;
    private final Map<String, Bucket> sources = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > TRACKED_SOURCES;
        }
    };

    @Autowired
    HealthEventLimiter(HealthProperties properties) {
        this(properties.eventBurst(), properties.eventRateLimit(), System::nanoTime);
    }

    HealthEventLimiter(int burst, int perMinute, LongSupplier nanoClock) {
        this.burst = burst;
        this.perNano = perMinute / (double) Duration.ofMinutes(1).toNanos();
        this.nanoClock = nanoClock;
        this.global = new Bucket(burst * (double) GLOBAL_FACTOR, nanoClock.getAsLong());
    }

    /** Takes one token for the source; when there is none, how long until there will be. */
    synchronized Optional<Duration> acquire(String source) {
        long now = nanoClock.getAsLong();
        Bucket own = sources.computeIfAbsent(source.toLowerCase(Locale.ROOT), k -> new Bucket(burst, now));
        refill(own, now, burst, perNano);
        refill(global, now, burst * (double) GLOBAL_FACTOR, perNano * GLOBAL_FACTOR);
        if (own.tokens < 1) {
            return Optional.of(wait(own, perNano));
        }
        if (global.tokens < 1) {
            return Optional.of(wait(global, perNano * GLOBAL_FACTOR));
        }
        own.tokens -= 1;
        global.tokens -= 1;
        return Optional.empty();
    }

    private static void refill(Bucket bucket, long now, double capacity, double rate) {
        bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedNanos) * rate);
        bucket.updatedNanos = now;
    }

    private static Duration wait(Bucket bucket, double rate) {
        return Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / rate));
    }
}
