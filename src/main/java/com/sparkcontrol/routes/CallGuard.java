package com.sparkcontrol.routes;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named guard of {@code direct:guarded-call}: a single slot that callers take in arrival order (a fair
 * semaphore; at most {@code queueLength} waiting, each for at most {@code queueWait}) and a resilience4j
 * circuit breaker that an upstream's {@code Retry-After} holds open for exactly that long. A GPU server that
 * breaks when two requests overlap (Parakeet's cuFFT race; many Whisper servers) gets one request at a time.
 */
final class CallGuard {

    enum Admission {
        ACQUIRED,
        QUEUE_FULL,
        WAITED_TOO_LONG
    }

    /** A failed call as the breaker counts it. */
    static final class UpstreamFailed extends RuntimeException {
        UpstreamFailed(String message) {
            super(message, null, false, false);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(CallGuard.class);

    private final String name;
    private final RoutesProperties.Guard settings;
    private final Clock clock;
    private final Semaphore slot = new Semaphore(1, true);
    private final AtomicInteger waiting = new AtomicInteger();
    private final CircuitBreaker breaker;
    private final AtomicReference<Instant> openUntil = new AtomicReference<>();
    private volatile boolean holdingForRetryAfter;

    CallGuard(String name, RoutesProperties.Guard settings, Clock clock) {
        this.name = name;
        this.settings = settings;
        this.clock = clock;
        this.breaker = CircuitBreaker.of("route-guard-" + name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(Math.min(settings.minimumNumberOfCalls(), settings.slidingWindowSize()))
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitInOpen())
                // after the wait, exactly one probe call decides between closed and open again
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordExceptions(UpstreamFailed.class)
                .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.StateTransition transition = event.getStateTransition();
            if (transition.getToState() == CircuitBreaker.State.OPEN && !holdingForRetryAfter) {
                openUntil.set(clock.instant().plus(settings.waitInOpen()));
            }
            log.info("route guard {}: circuit breaker {} -> {}", name, transition.getFromState(), transition.getToState());
        });
    }

    String name() {
        return name;
    }

    /** True while the breaker refuses calls. */
    boolean open() {
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    /** Whole seconds until an open breaker lets a probe call through, at least 1. */
    long secondsUntilRetry() {
        Instant until = openUntil.get();
        if (until == null) {
            return 1;
        }
        long millis = Duration.between(clock.instant(), until).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** Waits in the fair queue for the slot. */
    Admission acquire() throws InterruptedException {
        // the timed form even for zero: the untimed tryAcquire() would barge ahead of those already waiting
        if (slot.tryAcquire(0, TimeUnit.NANOSECONDS)) {
            return Admission.ACQUIRED;
        }
        if (waiting.incrementAndGet() > settings.queueLength()) {
            waiting.decrementAndGet();
            return Admission.QUEUE_FULL;
        }
        try {
            return slot.tryAcquire(settings.queueWait().toNanos(), TimeUnit.NANOSECONDS) ? Admission.ACQUIRED : Admission.WAITED_TOO_LONG;
        } finally {
            waiting.decrementAndGet();
        }
    }

    void release() {
        slot.release();
    }

    /** Asks the breaker for a call: false while open, or in half-open when the one probe is already out. */
    boolean permitted() {
        return breaker.tryAcquirePermission();
    }

    /** The permitted call never reached the upstream. */
    void notCalled() {
        breaker.releasePermission();
    }

    void succeeded(long nanos) {
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    }

    void failed(long nanos, String why) {
        breaker.onError(nanos, TimeUnit.NANOSECONDS, new UpstreamFailed(why));
    }

    /**
     * The upstream said when to come back: refuse every call until then (capped at {@code maxRetryAfter}).
     * False when that moment has already passed (nothing is held).
     */
    boolean holdOpenUntil(Instant requested) {
        Instant now = clock.instant();
        Instant cap = now.plus(settings.maxRetryAfter());
        Instant until = requested.isAfter(cap) ? cap : requested;
        if (!until.isAfter(now)) {
            return false;
        }
        openUntil.set(until);
        holdingForRetryAfter = true;
        try {
            breaker.transitionToOpenStateUntil(until);
        } finally {
            holdingForRetryAfter = false;
        }
        return true;
    }

    int waiting() {
        return waiting.get();
    }

    Map<String, Object> snapshot() {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("breaker", breaker.getState().name());
        if (open()) {
            part.put("retryAfterSeconds", secondsUntilRetry());
        }
        part.put("inFlight", slot.availablePermits() == 0 ? 1 : 0);
        part.put("queued", waiting.get());
        part.put("queueLimit", settings.queueLength());
        part.put("failureRate", breaker.getMetrics().getFailureRate());
        return part;
    }
}
