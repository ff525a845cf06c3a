package com.sparkcontrol.redaction;

import com.sparkcontrol.gateway.AnswerBody;
import com.sparkcontrol.gateway.OpenAiError;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes what a {@code /redact/v1} route left on its exchange to the client: status, content type, the few
 * headers the route sets ({@code Retry-After}, and on streams {@code X-Accel-Buffering} and
 * {@code Cache-Control}), and the body. The body (restored SSE, or an upstream body passed through) goes out
 * as {@link AnswerBody} writes every gateway answer.
 */
@Component
class RedactionAnswer {

    private static final Logger log = LoggerFactory.getLogger(RedactionAnswer.class);
    private static final List<String> HEADERS = List.of("Retry-After", "X-Accel-Buffering", "Cache-Control");

    void write(OpenAiError error, HttpServletResponse response) {
        response.setStatus(error.status());
        response.setContentType("application/json");
        writeWhole(error.jsonBytes(), response);
    }

    void write(Exchange exchange, HttpServletResponse response) {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        if (exchange.getException() != null) { // redaction-errors handles everything; this is a bug
            log.error("Unhandled failure on {}", exchange.getFromRouteId(), exchange.getException());
            write(OpenAiError.of(500, "internal redaction gateway error; see the Spark Control log"), response);
            return;
        }
        response.setStatus(message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class));
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType != null) {
            response.setContentType(contentType);
        }
        for (String header : HEADERS) {
            String value = message.getHeader(header, String.class);
            if (value != null) {
                response.setHeader(header, value);
            }
        }
        if (body instanceof InputStream stream) {
            Long length = message.getHeader(Exchange.CONTENT_LENGTH, Long.class);
            copy(stream, response, length == null ? -1 : length);
        } else {
            writeWhole(AnswerBody.bytes(body), response);
        }
    }

    private static void writeWhole(byte[] bytes, HttpServletResponse response) {
        try {
            AnswerBody.writeWhole(bytes, response);
        } catch (IOException e) {
            log.debug("client went away before the answer was written: {}", e.toString());
        }
    }

    private static void copy(InputStream source, HttpServletResponse response, long length) {
        try {
            // the upstream broke off a whole answer (streams get an in-stream error instead)
            AnswerBody.copy(source, response, length, e -> log.warn("the upstream's answer broke off: {}", e.getMessage()));
        } catch (IOException e) {
            log.debug("client went away mid-answer; upstream request closed: {}", e.toString());
        }
    }
}
