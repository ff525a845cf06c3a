package com.sparkcontrol.audio;

import com.sparkcontrol.config.BackendUrls;
import com.sparkcontrol.events.EventBus;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The Parakeet guard: owns, per audio backend, the single slot with its fair queue and the circuit breaker's
 * open-until time. Its processors are the guard routes' steps: {@link #admit} (refuse at once while the
 * breaker is open, else wait for the slot), {@link #fallback} (a backend's {@code Retry-After} holds the
 * breaker open for exactly that long; the client gets 503 with the remaining seconds) and {@link #release}.
 * When the Parakeet container also hosts the diarizer (same base URL, the default), both backends share one
 * slot, since the GPU race is in that one container.
 */
@Component
class ParakeetGuard {

    private static final Logger log = LoggerFactory.getLogger(ParakeetGuard.class);
    private static final String HOLDS_SLOT = "sparkcontrol.audio.holds-slot.";

    /** What the guard knows about one backend, for status and the dashboard. */
    record Failure(Instant at, String kind, String message) {}

    private final class Guarded {
        final AudioBackend backend;
        final CircuitBreaker breaker;
        final GuardSlot slot;
        final AtomicReference<Instant> openUntil = new AtomicReference<>();
        final AtomicReference<Failure> lastFailure = new AtomicReference<>();
        final Timer wait;
        volatile boolean holdingForRetryAfter;

        Guarded(AudioBackend backend, CircuitBreaker breaker, GuardSlot slot, MeterRegistry meters) {
            this.backend = backend;
            this.breaker = breaker;
            this.slot = slot;
            this.wait = Timer.builder("sparkcontrol.audio.queue.wait")
                    .description("time a request waited for the backend's single slot")
                    .tag("backend", backend.key()).register(meters);
            Gauge.builder("sparkcontrol.audio.breaker.state", breaker, ParakeetGuard::stateCode)
                    .description("0 closed, 1 open, 2 half-open, 3 other").tag("backend", backend.key()).register(meters);
            Gauge.builder("sparkcontrol.audio.queue.length", slot, GuardSlot::waiting)
                    .description("requests waiting for the backend's slot").tag("backend", backend.key()).register(meters);
            Gauge.builder("sparkcontrol.audio.in.flight", slot, s -> s.busy() ? 1 : 0)
                    .description("requests the backend is working on (0 or 1)").tag("backend", backend.key()).register(meters);
        }
    }

    private final AudioProperties properties;
    private final EventBus events;
    private final BreakerProbe probe;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private final Map<AudioBackend, Guarded> guarded = new EnumMap<>(AudioBackend.class);
    private final boolean sharedSlot;

    ParakeetGuard(AudioProperties properties, BackendUrls urls, EventBus events, BreakerProbe probe, MeterRegistry meters,
            @Qualifier("audioTranscriptionBreaker") CircuitBreaker transcriptionBreaker,
            @Qualifier("audioDiarizationBreaker") CircuitBreaker diarizationBreaker) {
        this.properties = properties;
        this.events = events;
        this.probe = probe;
        this.meters = meters;
        GuardSlot transcriptionSlot = new GuardSlot(properties.queueLength(), properties.queueWait());
        var sttUrl = urls.of(AudioBackend.TRANSCRIPTION.backend());
        this.sharedSlot = sttUrl.isPresent() && Objects.equals(sttUrl, urls.of(AudioBackend.DIARIZATION.backend()));
        GuardSlot diarizationSlot = sharedSlot ? transcriptionSlot : new GuardSlot(properties.queueLength(), properties.queueWait());
        guarded.put(AudioBackend.TRANSCRIPTION, new Guarded(AudioBackend.TRANSCRIPTION, transcriptionBreaker, transcriptionSlot, meters));
        guarded.put(AudioBackend.DIARIZATION, new Guarded(AudioBackend.DIARIZATION, diarizationBreaker, diarizationSlot, meters));
        guarded.values().forEach(g -> g.breaker.getEventPublisher().onStateTransition(e -> onTransition(g, e)));
    }

    /** Route step before the breaker: refuse at once while open, else wait in the fair queue for the slot. */
    Processor admit(AudioBackend backend) {
        return exchange -> {
            Guarded g = guarded.get(backend);
            refuseWhileOpen(g);
            long started = System.nanoTime();
            GuardSlot.Admission admission = g.slot.acquire();
            switch (admission) {
                case QUEUE_FULL -> {
                    refused(g, "queue_full");
                    throw AudioFailure.unavailable("the " + backend.service() + " backend is busy and its queue is full ("
                            + g.slot.queueLength() + " waiting; spark-control.audio.queue-length)", g.slot.suggestedRetrySeconds());
                }
                case WAITED_TOO_LONG -> {
                    refused(g, "queue_timeout");
                    g.wait.record(Duration.ofNanos(System.nanoTime() - started));
                    throw AudioFailure.unavailable("the " + backend.service() + " backend stayed busy for "
                            + g.slot.queueWait().toSeconds() + " s (spark-control.audio.queue-wait)", g.slot.suggestedRetrySeconds());
                }
                case ACQUIRED -> {
                    g.wait.record(Duration.ofNanos(System.nanoTime() - started));
                    exchange.setProperty(HOLDS_SLOT + backend.key(), Boolean.TRUE);
                }
            }
        };
    }

    /** Route step after the breaker, always run: gives the slot to the next in line. */
    Processor release(AudioBackend backend) {
        return exchange -> {
            if (exchange.removeProperty(HOLDS_SLOT + backend.key()) != null) {
                guarded.get(backend).slot.release();
            }
        };
    }

    /**
     * The breaker's fallback: a failed call (counted by the breaker) or a call the open breaker did not let
     * through. Honours the backend's {@code Retry-After}, then answers the client with what happened.
     */
    Processor fallback(AudioBackend backend) {
        return exchange -> {
            Guarded g = guarded.get(backend);
            Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            if (caught == null) {
                refused(g, "breaker_open");
                throw openFailure(g);
            }
            if (!(caught instanceof BackendFailure failure)) {
                throw caught instanceof Exception e ? e : new IllegalStateException(caught);
            }
            g.lastFailure.set(new Failure(clock.instant(), failure.kind().name().toLowerCase(), failure.getMessage()));
            log.warn("audio-guard-{}: {}", backend.key(), failure.getMessage());
            failure.retryAfter().ifPresent(until -> holdOpenUntil(g, until));
            throw clientFailure(g, failure);
        };
    }

    private void holdOpenUntil(Guarded g, Instant requested) {
        Instant now = clock.instant();
        Instant cap = now.plus(properties.breaker().maxRetryAfter());
        Instant until = requested.isAfter(cap) ? cap : requested;
        if (!until.isAfter(now)) {
            return;
        }
        g.openUntil.set(until);
        g.holdingForRetryAfter = true;
        try {
            g.breaker.transitionToOpenStateUntil(until);
        } finally {
            g.holdingForRetryAfter = false;
        }
    }

    private AudioFailure clientFailure(Guarded g, BackendFailure failure) {
        CircuitBreaker.State state = g.breaker.getState();
        boolean open = state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
        String message = failure.getMessage() + (open ? "; the circuit breaker is open, so audio calls pause until it retries" : "");
        long retry = open ? remainingSeconds(g) : failure.retryAfter().map(u -> RetryAfter.secondsUntil(u, clock)).orElse(5L);
        return switch (failure.kind()) {
            case TIMEOUT -> new AudioFailure(504, message, retry, null, "backend_timeout");
            case REFUSED -> AudioFailure.unavailable(message, retry);
            case SERVER_ERROR -> failure.status() == 503 || open
                    ? AudioFailure.unavailable(message, retry)
                    : new AudioFailure(502, message, retry, null, "backend_error");
            case BROKEN_CONNECTION -> new AudioFailure(502, message, retry, null, "backend_error");
        };
    }

    private void refuseWhileOpen(Guarded g) {
        CircuitBreaker.State state = g.breaker.getState();
        if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
            Instant until = g.openUntil.get();
            if (until == null || until.isAfter(clock.instant())) {
                refused(g, "breaker_open");
                throw openFailure(g);
            }
        }
    }

    private AudioFailure openFailure(Guarded g) {
        Failure last = g.lastFailure.get();
        return AudioFailure.unavailable("the " + g.backend.service() + " backend is paused by the circuit breaker ("
                + g.breaker.getState().name().toLowerCase().replace('_', '-') + ")"
                + (last == null ? "" : " after: " + last.message()), remainingSeconds(g));
    }

    private long remainingSeconds(Guarded g) {
        Instant until = g.openUntil.get();
        return until == null ? 1 : RetryAfter.secondsUntil(until, clock);
    }

    private void refused(Guarded g, String reason) {
        Counter.builder("sparkcontrol.audio.refused").description("audio requests answered 503 by the guard")
                .tag("backend", g.backend.key()).tag("reason", reason).register(meters).increment();
    }

    private void onTransition(Guarded g, CircuitBreakerOnStateTransitionEvent event) {
        CircuitBreaker.State to = event.getStateTransition().getToState();
        if (to == CircuitBreaker.State.OPEN && !g.holdingForRetryAfter) {
            g.openUntil.set(clock.instant().plus(properties.breaker().waitInOpen()));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("service", g.backend.service());
        data.put("source", "audio-guard");
        data.put("backend", g.backend.key());
        data.put("breaker", to.name());
        data.put("from", event.getStateTransition().getFromState().name());
        if (to == CircuitBreaker.State.OPEN) {
            data.put("retryAfterSeconds", remainingSeconds(g));
        }
        log.info("audio-guard-{}: circuit breaker {} -> {}", g.backend.key(), event.getStateTransition().getFromState(), to);
        events.publish(EventBus.Types.SERVICE_STATE, data);
        if (to == CircuitBreaker.State.OPEN && event.getStateTransition().getFromState() != CircuitBreaker.State.OPEN) {
            probe.probeSoon(g.backend);
        }
    }

    /** For {@code /api/status}: breaker, slot and queue of each backend. */
    Map<String, Object> snapshot() {
        Map<String, Object> all = new LinkedHashMap<>();
        guarded.forEach((backend, g) -> {
            Map<String, Object> part = new LinkedHashMap<>();
            CircuitBreaker.State state = g.breaker.getState();
            part.put("service", backend.service());
            part.put("breaker", state.name());
            if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
                part.put("retryAfterSeconds", remainingSeconds(g));
            }
            part.put("inFlight", g.slot.busy() ? 1 : 0);
            part.put("queued", g.slot.waiting());
            part.put("queueLimit", g.slot.queueLength());
            part.put("meanWaitSeconds", g.wait.count() == 0 ? 0.0 : Math.round(g.wait.mean(java.util.concurrent.TimeUnit.MILLISECONDS)) / 1000.0);
            part.put("maxWaitSeconds", Math.round(g.wait.max(java.util.concurrent.TimeUnit.MILLISECONDS)) / 1000.0);
            part.put("failureRate", g.breaker.getMetrics().getFailureRate());
            part.put("sharedSlot", sharedSlot);
            part.put("lastFailure", g.lastFailure.get());
            part.put("lastProbe", probe.last(backend).orElse(null));
            all.put(backend.key(), part);
        });
        return all;
    }

    /** Back to closed with an empty window and no failure remembered (operators' reset; tests). */
    void reset() {
        guarded.values().forEach(g -> {
            g.breaker.reset();
            g.openUntil.set(null);
            g.lastFailure.set(null);
        });
    }

    CircuitBreaker breaker(AudioBackend backend) {
        return guarded.get(backend).breaker;
    }

    int queued(AudioBackend backend) {
        return guarded.get(backend).slot.waiting();
    }

    private static double stateCode(CircuitBreaker breaker) {
        return switch (breaker.getState()) {
            case CLOSED -> 0;
            case OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 3;
        };
    }
}
