package com.sparkcontrol.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.gateway.OpenAiError;
import com.sparkcontrol.gateway.OpenAiFailure;
import com.sparkcontrol.redaction.JsonScrubber;
import com.sparkcontrol.redaction.RedactionFailedException;
import com.sparkcontrol.redaction.RedactionProperties;
import com.sparkcontrol.redaction.RedactionSession;
import com.sparkcontrol.redaction.Redactor;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code direct:redact}: replaces the PII in an OpenAI-style JSON request body (messages, prompt, input,
 * tool-call arguments) with placeholders, keeping the placeholder map for {@code direct:restore} in the
 * {@code SparkControlRedaction} exchange property. Fails closed: a body that is not JSON is a 400, a detector
 * failure a 500, and either way the exception stops the route, so nothing is forwarded.
 */
@Component
class RedactRequest implements Processor {

    private final Redactor redactor;
    private final JsonScrubber scrubber;

    /** The application's {@link Redactor} when one is configured, else one built from {@code spark-control.redaction.*}. */
    RedactRequest(ObjectProvider<Redactor> redactor, RedactionProperties properties, ObjectMapper json) {
        this.redactor = redactor.getIfAvailable(() -> Redactor.from(properties));
        this.scrubber = new JsonScrubber(json);
    }

    @Override
    public void process(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new OpenAiFailure(OpenAiError.of(400, "The request body is empty; expected a JSON object.").code("invalid_body"));
        }
        RedactionSession session = redactor.newSession();
        byte[] scrubbed;
        try {
            scrubbed = scrubber.scrub(body, session);
        } catch (RedactionFailedException e) {
            throw e.reason() == RedactionFailedException.Reason.INVALID_REQUEST_BODY
                    ? new OpenAiFailure(OpenAiError.of(400, "The request body is not a JSON object; nothing was forwarded.").code("invalid_body"))
                    : new OpenAiFailure(OpenAiError.of(500, "Redaction failed, so nothing was forwarded: " + e.getMessage())
                            .code("redaction_failed"));
        }
        exchange.setProperty(BlockHeaders.REDACTION, session);
        exchange.getIn().setBody(scrubbed);
    }
}
