package com.sparkcontrol.redaction;

import com.sparkcontrol.gateway.GatewayRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Scrubs the call's body in one {@link RedactionSession} and hands the result to the forwarding step as a
 * {@link GatewayRequest}. Fails closed: when scrubbing fails the exception ends the route, so no byte of the
 * request is forwarded. Counts per entity type go to the metrics and to one log line; values never do.
 */
@Component
class ScrubRequest implements Processor {

    /** Requests refused because scrubbing failed, tagged {@code reason}. */
    static final String FAILURES = "sparkcontrol.redaction.failures";

    private static final Logger log = LoggerFactory.getLogger(ScrubRequest.class);

    private final Redactor redactor;
    private final JsonScrubber scrubber;
    private final MeterRegistry registry;

    ScrubRequest(Redactor redactor, JsonScrubber scrubber, MeterRegistry registry) {
        this.redactor = redactor;
        this.scrubber = scrubber;
        this.registry = registry;
    }

    @Override
    public void process(Exchange exchange) {
        RedactionCall call = exchange.getProperty(RedactionCall.PROPERTY, RedactionCall.class);
        RedactionSession session = redactor.newSession();
        byte[] scrubbed;
        try {
            scrubbed = scrubber.scrub(call.body, call.json, session);
        } catch (RedactionFailedException e) {
            registry.counter(FAILURES, "reason", e.reason().name()).increment();
            log.warn("{}: scrubbing failed ({}: {}); nothing was forwarded", exchange.getFromRouteId(), e.reason(), e.getMessage());
            throw e;
        }
        call.session = session;
        RedactionStats stats = session.stats();
        stats.publish(registry);
        log.info("{}: {} restore={}", exchange.getFromRouteId(), stats.summary(), call.restore);
        exchange.setProperty(GatewayRequest.PROPERTY, new GatewayRequest("POST", call.path.path, null, "application/json",
                call.accept, scrubbed, null, scrubbed.length, call.json));
    }
}
