package com.sparkcontrol.gateway;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the failure caught on a {@code /v1} route as the OpenAI envelope, with {@code Retry-After} when the
 * caller may retry; anything unexpected becomes a 500 envelope (logged here, never sent as a stack trace).
 */
@Component
class WriteOpenAiError implements Processor {

    private static final Logger log = LoggerFactory.getLogger(WriteOpenAiError.class);

    @Override
    public void process(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        OpenAiFailure failure;
        if (caught instanceof OpenAiFailure known) {
            failure = known;
        } else {
            log.error("Unexpected failure on {}", exchange.getFromRouteId(), caught);
            failure = new OpenAiFailure(OpenAiError.of(500, "internal gateway error; see the Spark Control log"));
        }
        write(exchange, failure);
    }

    static void write(Exchange exchange, OpenAiFailure failure) {
        CallRecord call = exchange.getProperty(CallRecord.PROPERTY, CallRecord.class);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, failure.status());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (call == null && failure.retryAfter() != null) {
            // a route outside the gateway (an operator's YAML route): the header goes out with the message
            message.setHeader("Retry-After", Long.toString(failure.retryAfterSeconds()));
        }
        if (call != null) {
            call.status = failure.status();
            if (call.body != null) {
                call.body.close();
            }
            HttpServletResponse response = call.response;
            if (response != null && failure.retryAfter() != null) {
                response.setHeader("Retry-After", Long.toString(failure.retryAfterSeconds()));
            }
        }
        message.setBody(failure.error().jsonBytes());
    }
}
