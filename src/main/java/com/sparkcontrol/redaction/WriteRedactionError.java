package com.sparkcontrol.redaction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.gateway.OpenAiError;
import com.sparkcontrol.gateway.OpenAiFailure;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the failure caught on a {@code /redact/v1} route as the OpenAI envelope, with {@code Retry-After}
 * when the caller may retry. Scrubbing failures fail closed: {@code redaction_failed} (500), nothing was
 * forwarded. Placeholders in an upstream's error message are restored like the answer would have been.
 * Anything unexpected is a 500, logged with its stack trace but without its message (which could quote text).
 */
@Component
class WriteRedactionError implements Processor {

    private static final Logger log = LoggerFactory.getLogger(WriteRedactionError.class);

    private final ObjectMapper json;

    WriteRedactionError(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        OpenAiFailure failure;
        if (caught instanceof OpenAiFailure known) {
            failure = known;
        } else if (caught instanceof RedactionFailedException redaction) {
            failure = failClosed(redaction);
        } else {
            failure = unexpected(exchange, caught);
        }
        Message message = exchange.getMessage();
        if (message.getBody() instanceof Closeable upstream) { // an answer already opened: stop the upstream
            try {
                upstream.close();
            } catch (IOException ignored) {
                // it is being abandoned anyway
            }
        }
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, failure.status());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (failure.retryAfter() != null) {
            message.setHeader("Retry-After", Long.toString(failure.retryAfterSeconds()));
        }
        message.setBody(body(failure.error(), exchange.getProperty(RedactionCall.PROPERTY, RedactionCall.class)));
    }

    private static OpenAiFailure failClosed(RedactionFailedException e) {
        if (e.reason() == RedactionFailedException.Reason.INVALID_REQUEST_BODY) {
            return new OpenAiFailure(OpenAiError.of(400, "The request body must be a JSON object or array.")
                    .code("invalid_request_body"));
        }
        return new OpenAiFailure(OpenAiError.of(500, "PII redaction failed, so the request was not forwarded"
                + " (the redaction gateway fails closed); see the Spark Control log").code("redaction_failed"));
    }

    private static OpenAiFailure unexpected(Exchange exchange, Throwable caught) {
        RuntimeException withoutMessage = new RuntimeException(caught == null ? "unknown failure" : caught.getClass().getName());
        if (caught != null) {
            withoutMessage.setStackTrace(caught.getStackTrace());
        }
        log.error("Unexpected failure on {}", exchange.getFromRouteId(), withoutMessage);
        return new OpenAiFailure(OpenAiError.of(500, "internal redaction gateway error; see the Spark Control log"));
    }

    private byte[] body(OpenAiError error, RedactionCall call) {
        if (call == null || !call.restoresAnswer()) {
            return error.jsonBytes();
        }
        Map<String, Object> restored = error.errorObject();
        restored.put("message", call.session.restore(error.message()));
        try {
            return json.writeValueAsBytes(Map.of("error", restored));
        } catch (JsonProcessingException e) {
            return error.jsonBytes();
        }
    }
}
