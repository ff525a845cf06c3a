package com.sparkcontrol.gateway;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the answer the {@code gateway} route left on its exchange (status, content type, body) to the client.
 * A whole body goes out with its length in one write. A backend's body is copied as it arrives: with the
 * backend's length and no flush when it announced one (a JSON answer), else flushed whenever nothing more is
 * waiting, so each server-sent event or audio chunk leaves at once. When the client goes away the backend body
 * is closed, which aborts the backend request (the GPU stops generating for nobody).
 */
@Component
class ClientAnswer {

    private static final Logger log = LoggerFactory.getLogger(ClientAnswer.class);
    private static final int BUFFER = 8192;

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
        return writeWhole(body == null ? new byte[0]
                : body instanceof byte[] b ? b : body.toString().getBytes(StandardCharsets.UTF_8), call);
    }

    private static boolean writeWhole(byte[] bytes, CallRecord call) {
        call.response.setContentLength(bytes.length);
        try {
            call.response.getOutputStream().write(bytes);
            return true;
        } catch (IOException e) {
            clientGone(call, e);
            return false;
        }
    }

    private boolean copy(InputStream source, HttpServletResponse response, long length, CallRecord call) {
        try (source) {
            if (length >= 0) {
                response.setContentLengthLong(length);
            }
            ServletOutputStream out = response.getOutputStream();
            byte[] buffer = new byte[BUFFER];
            int n;
            while (true) {
                try {
                    n = source.read(buffer);
                } catch (IOException e) {
                    // the backend failed mid-body (SSE gets an in-stream error from SseRelay instead)
                    log.warn("{} {}: the {} backend's answer broke off after {} bytes: {}", call.method, call.path,
                            call.backend, call.bytes(), e.getMessage());
                    return true;
                }
                if (n < 0) {
                    return true;
                }
                out.write(buffer, 0, n);
                if (length < 0 && source.available() == 0) {
                    out.flush(); // a stream: pass on what arrived before waiting for more
                }
            }
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
