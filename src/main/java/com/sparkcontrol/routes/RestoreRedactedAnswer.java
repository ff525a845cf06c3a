package com.sparkcontrol.routes;

import com.sparkcontrol.gateway.OpenAiError;
import com.sparkcontrol.gateway.OpenAiFailure;
import com.sparkcontrol.redaction.PlaceholderRestorer;
import com.sparkcontrol.redaction.RedactionSession;
import com.sparkcontrol.redaction.RestoringInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code direct:restore}: puts the original values back in place of the placeholders {@code direct:redact}
 * made, in the upstream's answer: a whole JSON answer (message content, tool-call arguments, text), or a
 * server-sent event stream event by event as it passes. Without a preceding {@code direct:redact} the route
 * is wrong and the caller gets a 500; an answer that cannot be restored is a 502, never a half-restored body.
 */
@Component
class RestoreRedactedAnswer implements Processor {

    private static final Logger log = LoggerFactory.getLogger(RestoreRedactedAnswer.class);

    @Override
    public void process(Exchange exchange) {
        RedactionSession session = exchange.getProperty(BlockHeaders.REDACTION, RedactionSession.class);
        if (session == null) {
            throw BlockHeaders.misconfigured(exchange, "calls direct:restore without direct:redact before it");
        }
        Message answer = exchange.getMessage();
        PlaceholderRestorer restorer = new PlaceholderRestorer(session);
        String contentType = answer.getHeader(Exchange.CONTENT_TYPE, "", String.class).toLowerCase(Locale.ROOT);
        Object body = answer.getBody();
        if (contentType.startsWith("text/event-stream") && body instanceof InputStream stream) {
            answer.setBody(new RestoringInputStream(stream, restorer.streaming()));
            return;
        }
        byte[] bytes;
        try (InputStream stream = body instanceof InputStream s ? s : null) {
            bytes = stream != null ? stream.readAllBytes() : answer.getBody(byte[].class);
            if (bytes != null) {
                answer.setBody(restorer.restoreResponse(bytes));
            }
        } catch (IOException | RuntimeException e) {
            log.warn("{}: could not restore the answer: {}", exchange.getFromRouteId(), e.toString());
            throw new OpenAiFailure(OpenAiError.of(502, "the upstream's answer could not be read and restored").code("restore_failed"));
        }
        answer.removeHeader("Content-Length");
    }
}
