package com.sparkcontrol.gateway;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the answer the {@code gateway} route left on its exchange (status, content type, body) to the client;
 * the body goes out as {@link AnswerBody} writes it. When the client goes away the backend body is closed,
 * which aborts the backend request (the GPU stops generating for nobody).
 */
@Component
class ClientAnswer {

    private static final Logger log = LoggerFactory.getLogger(ClientAnswer.class);

    /** Writes an error answered before the route ran; false when the client had left. */
    boolean write(OpenAiFailure failure, CallRecord call) {
        call.status = failure.status();
        if (failure.retryAfter() != null) {
            call.response.setHeader("Retry-After", Long.toString(failure.retryAfterSeconds()));
        }
        call.response.setStatus(failure.status());
        call.response.setContentType("application/json");
        return writeWhole(failure.error().jsonBytes(), call);
    }

    /** False when the client left before the whole answer was written. */
    boolean write(Exchange exchange, CallRecord call) {
        HttpServletResponse response = call.response;
        Message message = exchange.getMessage();
        Object body = message.getBody();
        if (exchange.getException() != null) { // the openai-errors configuration handles everything; this is a bug
            log.error("Unhandled failure on {}", call.path, exchange.getException());
            OpenAiError error = OpenAiError.of(500, "internal gateway error; see the Spark Control log");
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            call.status = 500;
            body = error.jsonBytes();
        }
        response.setStatus(message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class));
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType != null) {
            response.setContentType(contentType);
        }
        if (body instanceof InputStream stream) {
            Long length = message.getHeader(Exchange.CONTENT_LENGTH, Long.class);
            return copy(stream, response, length == null ? -1 : length, call);
        }
        return writeWhole(AnswerBody.bytes(body), call);
    }

    private static boolean writeWhole(byte[] bytes, CallRecord call) {
        try {
            AnswerBody.writeWhole(bytes, call.response);
            return true;
        } catch (IOException e) {
            clientGone(call, e);
            return false;
        }
    }

    private static boolean copy(InputStream source, HttpServletResponse response, long length, CallRecord call) {
        try {
            // the backend failed mid-body (SSE gets an in-stream error from SseRelay instead)
            AnswerBody.copy(source, response, length, e -> log.warn("{} {}: the {} backend's answer broke off after {} bytes: {}",
                    call.method, call.path, call.backend, call.bytes(), e.getMessage()));
            return true;
        } catch (IOException e) {
            clientGone(call, e);
            return false;
        }
    }

    private static void clientGone(CallRecord call, IOException e) {
        log.debug("{} {}: client went away after {} bytes ({}); backend request closed", call.method, call.path,
                call.bytes(), e.toString());
    }
}
