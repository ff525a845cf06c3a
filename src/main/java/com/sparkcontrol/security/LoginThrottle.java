package com.sparkcontrol.security;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Limits password guessing: token buckets of failed sign-ins, one per client address and one for all clients
 * together (a client can claim any address in X-Forwarded-For). A failure takes a token; with none left the next
 * attempt is refused, with the wait until a token is back, before the password is even checked.
 */
@Component
class LoginThrottle {

    /** Buckets for this many client addresses at most; the least recently seen are forgotten first. */
    private static final int MAX_CLIENTS = 4096;
    private static final String ALL = "";

    private final Clock clock;
    private final int perClient;
    private final int perAll;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    @Autowired
    LoginThrottle(SecurityProperties properties) {
        this(properties.loginFailuresPerMinute(), properties.loginFailuresPerMinuteAll(), Clock.systemUTC());
    }

    LoginThrottle(int perClient, int perAll, Clock clock) {
        this.perClient = perClient;
        this.perAll = perAll;
        this.clock = clock;
    }

    /** How long this client must wait before it may try again; empty when it may try now. */
    synchronized Optional<Duration> waitBeforeAttempt(String client) {
        long now = clock.millis();
        double clientWait = bucket(key(client), perClient).millisUntilToken(now);
        double allWait = bucket(ALL, perAll).millisUntilToken(now);
        double wait = Math.max(clientWait, allWait);
        return wait <= 0 ? Optional.empty() : Optional.of(Duration.ofMillis((long) Math.ceil(wait)));
    }

    synchronized void failed(String client) {
        long now = clock.millis();
        bucket(key(client), perClient).take(now);
        bucket(ALL, perAll).take(now);
    }

    /** The right password: this client's own failures are forgotten (not the shared bucket's). */
    synchronized void succeeded(String client) {
        buckets.remove(key(client));
    }

    private Bucket bucket(String key, int capacity) {
        return buckets.computeIfAbsent(key, k -> new Bucket(capacity, clock.millis()));
    }

    private static String key(String client) {
        return "client:" + client;
    }

    /** {@code capacity} tokens, refilled at {@code capacity} per minute. */
    private static final class Bucket {
        private final int capacity;
        private final double perMilli;
        private double tokens;
        private long at;

        Bucket(int capacity, long now) {
            this.capacity = capacity;
            this.perMilli = capacity / 60_000.0;
            this.tokens = capacity;
            this.at = now;
        }

        private void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - at) * perMilli);
            at = now;
        }

        double millisUntilToken(long now) {
            refill(now);
            return tokens >= 1 ? 0 : (1 - tokens) / perMilli;
        }

        void take(long now) {
            refill(now);
            tokens = Math.max(0, tokens - 1);
        }
    }
}
