package com.sparkcontrol.routes;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.Date;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code direct:record-latency}: records how long a call took into the Micrometer timer the route names in
 * {@code SparkControlTimer} (e.g. {@code sparkcontrol.smoke.test}, which Prometheus shows as
 * {@code sparkcontrol_smoke_test_seconds}), tagged with the route and the outcome (a 2xx
 * {@code CamelHttpResponseCode} is a success), and logs one line. The call started at the
 * {@code SparkControlTimerStarted} exchange property ({@code ${date:now}}), else when the exchange was created.
 */
@Component
class RecordLatency implements Processor {

    static final String BLOCK = "direct:record-latency";
    private static final Logger log = LoggerFactory.getLogger(RecordLatency.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z0-9]+){0,7}");

    private final MeterRegistry meters;

    RecordLatency(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void process(Exchange exchange) {
        String name = BlockHeaders.fromRoute(exchange, BlockHeaders.TIMER, BLOCK);
        if (!NAME.matcher(name).matches() || name.length() > 100) {
            throw BlockHeaders.misconfigured(exchange, "names the timer '" + name
                    + "'; use dot-separated lower-case words such as sparkcontrol.smoke.test");
        }
        Instant started = started(exchange);
        Duration took = Duration.between(started, Instant.now());
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        boolean success = exchange.getException() == null && status != null && status >= 200 && status < 300;
        String route = exchange.getFromRouteId();
        Timer.builder(name)
                .description("latency recorded by an operator route (direct:record-latency)")
                .tag("route", route == null ? "none" : route)
                .tag("outcome", success ? "success" : "failure")
                .register(meters)
                .record(took);
        String model = exchange.getMessage().getHeader(BlockHeaders.MODEL, String.class);
        log.info("{}: {} in {} ms (HTTP {}{})", route, success ? "ok" : "FAILED", took.toMillis(), status == null ? "-" : status,
                model == null ? "" : ", model " + model);
    }

    private static Instant started(Exchange exchange) {
        Object value = exchange.getProperty(BlockHeaders.TIMER_STARTED);
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof TemporalAccessor temporal) {
            return Instant.from(temporal);
        }
        if (value instanceof Number millis) {
            return Instant.ofEpochMilli(millis.longValue());
        }
        return Instant.ofEpochMilli(exchange.getClock().getCreated());
    }
}
