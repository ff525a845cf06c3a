package com.sparkcontrol.redaction;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code redaction-api}'s step: the body text, redacted in a fresh session, becomes a {@link RedactionResult}
 * (placeholders and their offsets in the redacted text). Counts go to the metrics and one log line.
 */
@Component
class RedactText implements Processor {

    private static final Logger log = LoggerFactory.getLogger(RedactText.class);

    private final Redactor redactor;
    private final MeterRegistry registry;

    RedactText(Redactor redactor, MeterRegistry registry) {
        this.redactor = redactor;
        this.registry = registry;
    }

    @Override
    public void process(Exchange exchange) {
        RedactionSession session = redactor.newSession();
        RedactionResult result;
        try {
            result = session.redactWithEntities(exchange.getMessage().getMandatoryBody(String.class));
        } catch (RedactionFailedException e) {
            registry.counter(ScrubRequest.FAILURES, "reason", e.reason().name()).increment();
            log.warn("{}: redaction failed ({}: {})", exchange.getFromRouteId(), e.reason(), e.getMessage());
            throw e;
        } catch (org.apache.camel.InvalidPayloadException e) {
            throw new IllegalStateException("redaction-api expects a String body", e);
        }
        session.stats().publish(registry);
        log.info("{}: {}", exchange.getFromRouteId(), session.stats().summary());
        exchange.getMessage().setBody(result);
    }
}
