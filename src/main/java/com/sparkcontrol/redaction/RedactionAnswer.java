package com.sparkcontrol.redaction;

import com.sparkcontrol.gateway.OpenAiError;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes what a {@code /redact/v1} route left on its exchange to the client: status, content type, the few
 * headers the route sets ({@code Retry-After}, and on streams {@code X-Accel-Buffering} and
 * {@code Cache-Control}), and the body. A whole body goes out with its length in one write; a streamed one
 * (restored SSE, or an upstream body passed through) is flushed whenever nothing more is waiting, so each event
 * leaves at once. When the client goes away the body is closed, which aborts the upstream request.
 */
@Component
class RedactionAnswer {

    private static final Logger log = LoggerFactory.getLogger(RedactionAnswer.class);
    private static final List<String> HEADERS = List.of("Retry-After", "X-Accel-Buffering", "Cache-Control");
    private static final int BUFFER = 8192;

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
            writeWhole(body == null ? new byte[0]
                    : body instanceof byte[] bytes ? bytes : body.toString().getBytes(StandardCharsets.UTF_8), response);
        }
    }

    private static void writeWhole(byte[] bytes, HttpServletResponse response) {
        response.setContentLength(bytes.length);
        try {
            response.getOutputStream().write(bytes);
        } catch (IOException e) {
            log.debug("client went away before the answer was written: {}", e.toString());
        }
    }

    private static void copy(InputStream source, HttpServletResponse response, long length) {
        try (source) {
            if (length >= 0) {
                response.setContentLengthLong(length);
            }
            ServletOutputStream out = response.getOutputStream();
            byte[] buffer = new byte[BUFFER];
            while (true) {
                int n;
                try {
                    n = source.read(buffer);
                } catch (IOException e) { // the upstream broke off a whole answer (streams get an in-stream error instead)
                    log.warn("the upstream's answer broke off: {}", e.getMessage());
                    return;
                }
                if (n < 0) {
                    return;
                }
                out.write(buffer, 0, n);
                if (length < 0 && source.available() == 0) {
                    out.flush(); // a stream: pass on what arrived before waiting for more
                }
            }
        } catch (IOException e) {
            log.debug("client went away mid-answer; upstream request closed: {}", e.toString());
        }
    }
}
