package com.sparkcontrol.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Per backend: request count, status and latency ({@code gateway_requests_seconds}) and time to first byte
 * ({@code gateway_first_byte_seconds}) as Micrometer histograms on {@code /actuator/prometheus}; and one
 * access-log line per call (logger {@code gateway.access}), written once the answer is fully sent. No bodies.
 */
@Component
class GatewayMetrics {

    private static final Logger access = LoggerFactory.getLogger("gateway.access");
    private static final Duration MAX_EXPECTED = Duration.ofMinutes(10);

    private final MeterRegistry registry;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records the call when its exchange is done, i.e. after the last byte went to the client (or it left). */
    void watch(Exchange exchange, CallRecord call) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                completed(call, done.isFailed());
            }
        });
    }

    void completed(CallRecord call, boolean clientGone) {
        long end = System.nanoTime();
        String status = Integer.toString(call.status);
        String outcome = clientGone ? "client_gone" : call.status >= 500 ? "server_error" : call.status >= 400 ? "client_error" : "success";
        Timer.builder("gateway.requests")
                .description("Calls on /v1 by backend and status, until the last byte was sent")
                .tags("backend", call.backend, "status", status, "outcome", outcome)
                .publishPercentileHistogram()
                .maximumExpectedValue(MAX_EXPECTED)
                .register(registry)
                .record(end - call.startNanos, TimeUnit.NANOSECONDS);
        if (call.firstByteNanos > 0) {
            Timer.builder("gateway.first.byte")
                    .description("Time from a /v1 call's arrival to the backend's first body byte")
                    .tags("backend", call.backend)
                    .publishPercentileHistogram()
                    .maximumExpectedValue(MAX_EXPECTED)
                    .register(registry)
                    .record(call.firstByteNanos - call.startNanos, TimeUnit.NANOSECONDS);
        }
        if (access.isInfoEnabled()) {
            access.info("{} {} {} backend={}{} {} ms ttfb={} bytes={}{}", call.method, call.path, status, call.backend,
                    call.model == null ? "" : " model=" + call.model, millis(end - call.startNanos),
                    call.firstByteNanos > 0 ? millis(call.firstByteNanos - call.startNanos) + " ms" : "-", call.bytes(),
                    clientGone ? " client-gone" : "");
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1_000_000.0);
    }
}
