package com.sparkcontrol.routes;

import com.sparkcontrol.gateway.OpenAiError;
import com.sparkcontrol.gateway.OpenAiFailure;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code direct:guarded-call}: {@code direct:proxy-stream} behind the guard the route names in
 * {@code SparkControlGuard}. While the guard's breaker is open the call is refused at once (503 with the
 * seconds left); otherwise it waits its turn for the single slot, which it holds until its answer has been
 * written to the client. An upstream 503/429 with {@code Retry-After} holds the breaker open for exactly that
 * long and the client gets 503/429 with those seconds; other 5xx answers and an unreachable upstream count
 * as failures towards opening it.
 */
@Component
class GuardedCall implements Processor {

    static final String BLOCK = "direct:guarded-call";
    private static final Logger log = LoggerFactory.getLogger(GuardedCall.class);

    private final OperatorGuards guards;
    private final ProxyStream proxy;

    GuardedCall(OperatorGuards guards, ProxyStream proxy) {
        this.guards = guards;
        this.proxy = proxy;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        String name = BlockHeaders.fromRoute(exchange, BlockHeaders.GUARD, BLOCK);
        if (!OperatorGuards.NAME.matcher(name).matches()) {
            throw BlockHeaders.misconfigured(exchange, "names the guard '" + name
                    + "'; use lower-case letters, digits and '-' (at most 63)");
        }
        CallGuard guard = guards.named(name);
        if (guard.open()) {
            throw paused(guard);
        }
        switch (guard.acquire()) {
            case QUEUE_FULL -> throw busy(guard, "its queue is full (spark-control.routes.guard.queue-length)", "queue_full");
            case WAITED_TOO_LONG -> throw busy(guard, "this call waited too long for its turn (spark-control.routes.guard.queue-wait)",
                    "queue_timeout");
            case ACQUIRED -> releaseWhenAnswered(exchange, guard);
        }
        if (!guard.permitted()) {
            throw paused(guard);
        }
        long started = System.nanoTime();
        try {
            proxy.forward(exchange, BLOCK);
        } catch (RuntimeException | InterruptedException e) {
            guard.notCalled();
            throw e;
        }
        judge(exchange, guard, System.nanoTime() - started);
    }

    /** Tells the breaker how the call went; an upstream's Retry-After becomes the client's answer. */
    private static void judge(Exchange exchange, CallGuard guard, long nanos) {
        Message answer = exchange.getMessage();
        int status = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        // the upstream's own answer is a stream; an unreachable or silent upstream is answered by the forwarder as text
        boolean fromUpstream = answer.getBody() instanceof InputStream;
        if (!fromUpstream) {
            guard.failed(nanos, "no answer (" + status + ")");
            return;
        }
        if (status == 503 || status == 429) {
            Optional<Instant> until = retryAfter(answer.getHeader("Retry-After", String.class));
            if (until.isPresent() && guard.holdOpenUntil(until.get())) {
                close(answer);
                log.warn("route guard {}: upstream answered {} with Retry-After; calls pause for {} s", guard.name(), status,
                        guard.secondsUntilRetry());
                throw new OpenAiFailure(OpenAiError.of(status, "the upstream behind guard '" + guard.name()
                        + "' is busy and asked to retry later; calls through this guard pause until then")
                        .code("upstream_busy"), Duration.ofSeconds(guard.secondsUntilRetry()));
            }
        }
        if (status >= 500 || status == 429) {
            guard.failed(nanos, "HTTP " + status);
        } else {
            guard.succeeded(nanos);
        }
    }

    /** The slot is given to the next caller only once this call's answer has been written (or the client left). */
    private static void releaseWhenAnswered(Exchange exchange, CallGuard guard) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                guard.release();
            }
        });
    }

    private static OpenAiFailure paused(CallGuard guard) {
        long seconds = guard.secondsUntilRetry();
        return new OpenAiFailure(OpenAiError.of(503, "calls through guard '" + guard.name()
                + "' are paused by its circuit breaker; retry in " + seconds + " s").code("circuit_open"), Duration.ofSeconds(seconds));
    }

    private static OpenAiFailure busy(CallGuard guard, String why, String code) {
        return new OpenAiFailure(OpenAiError.of(503, "the upstream behind guard '" + guard.name() + "' is busy and " + why)
                .code(code), Duration.ofSeconds(5));
    }

    /** Retry-After as seconds or an HTTP date; empty when absent or unreadable. */
    static Optional<Instant> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        try {
            return Optional.of(Instant.now().plusMillis((long) (Double.parseDouble(value) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }

    private static void close(Message answer) {
        try {
            answer.getBody(InputStream.class).close();
        } catch (IOException | RuntimeException ignored) {
            // the upstream connection is being dropped anyway
        }
    }
}
