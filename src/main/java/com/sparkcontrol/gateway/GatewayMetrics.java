package com.sparkcontrol.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Per backend: request count, status and latency ({@code gateway_requests_seconds}) and time to first byte
 * ({@code gateway_first_byte_seconds}) as Micrometer histograms on {@code /actuator/prometheus}; and, with
 * {@code logging.level.gateway.access=debug}, one access-log line per call, written once the answer is fully sent
 * (no bodies). The line is off by default: formatting and printing it measured as 12 % of the gateway's CPU per
 * call, and the histograms already answer "how many, how fast, which status".
 */
@Component
class GatewayMetrics {

    private static final Logger access = LoggerFactory.getLogger("gateway.access");
    private static final Duration MAX_EXPECTED = Duration.ofMinutes(10);

    private final MeterRegistry registry;
    /** Registered once per tag combination (a handful), not looked up again on every call. */
    private final Map<String, Timer> requests = new ConcurrentHashMap<>();
    private final Map<String, Timer> firstBytes = new ConcurrentHashMap<>();

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records the call once the last byte went to the client, or the client left. */
    void completed(CallRecord call, boolean clientGone) {
        long end = System.nanoTime();
        String status = Integer.toString(call.status);
        String outcome = clientGone ? "client_gone" : call.status >= 500 ? "server_error" : call.status >= 400 ? "client_error" : "success";
        requests.computeIfAbsent(call.backend + ' ' + status + ' ' + outcome, key -> Timer.builder("gateway.requests")
                .description("Calls on /v1 by backend and status, until the last byte was sent")
                .tags("backend", call.backend, "status", status, "outcome", outcome)
                .publishPercentileHistogram()
                .maximumExpectedValue(MAX_EXPECTED)
                .register(registry))
                .record(end - call.startNanos, TimeUnit.NANOSECONDS);
        if (call.firstByteNanos > 0) {
            firstBytes.computeIfAbsent(call.backend, backend -> Timer.builder("gateway.first.byte")
                    .description("Time from a /v1 call's arrival to the backend's first body byte")
                    .tags("backend", backend)
                    .publishPercentileHistogram()
                    .maximumExpectedValue(MAX_EXPECTED)
                    .register(registry))
                    .record(call.firstByteNanos - call.startNanos, TimeUnit.NANOSECONDS);
        }
        if (access.isDebugEnabled()) {
            access.debug("{} {} {} backend={}{} {} ms ttfb={} bytes={}{}", call.method, call.path, status, call.backend,
                    call.model == null ? "" : " model=" + call.model, millis(end - call.startNanos),
                    call.firstByteNanos > 0 ? millis(call.firstByteNanos - call.startNanos) + " ms" : "-", call.bytes(),
                    clientGone ? " client-gone" : "");
        }
    }

    private static String millis(long nanos) {
        long tenths = nanos / 100_000;
        return tenths / 10 + "." + tenths % 10;
    }
}
