package com.sparkcontrol.redaction;

import com.sparkcontrol.gateway.OpenAiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code /redact/v1} HTTP edge: hands the call to its route ({@code redaction-gateway-chat}, …) synchronously
 * on the request's own thread, then writes the answer the route left ({@link RedactionAnswer}). The same kind of
 * entry as the {@code /v1} gateway's, for the same measured reason (a {@code platform-http} consumer's hand-off to
 * the task executor and MVC async re-dispatch cost milliseconds per call; docs/PERFORMANCE.md), so the two
 * gateways differ only by what redaction adds.
 */
@RestController
class RedactionEntry {

    private final CamelContext camel;
    private final ProducerTemplate template;
    private final RedactionAnswer answer;

    RedactionEntry(CamelContext camel, ProducerTemplate template, RedactionAnswer answer) {
        this.camel = camel;
        this.template = template;
        this.answer = answer;
    }

    @RequestMapping("/redact/v1/**")
    void forward(HttpServletRequest request, HttpServletResponse response) {
        String below = request.getRequestURI().substring(request.getContextPath().length() + "/redact/v1".length());
        RedactionPath path = RedactionPath.of(below);
        if (path == null) {
            answer.write(OpenAiError.of(404, "Unknown path /redact/v1" + below + "; the redaction gateway serves"
                    + " /redact/v1/chat/completions, /redact/v1/completions and /redact/v1/embeddings").code("unknown_url"), response);
            return;
        }
        if (!camel.isStarted()) { // Tomcat takes calls a moment before the routes start, and after they stop
            response.setHeader("Retry-After", "2");
            answer.write(OpenAiError.of(503, "the redaction gateway is starting or stopping"), response);
            return;
        }
        Exchange exchange = template.send(path.endpoint(), ex -> hand(request, ex.getIn()));
        answer.write(exchange, response);
    }

    /** What {@link ReadRedactionRequest} reads: method, the few headers that matter, and the body as a stream. */
    private static void hand(HttpServletRequest request, Message in) {
        in.setHeader(Exchange.HTTP_METHOD, request.getMethod());
        in.setHeader(Exchange.CONTENT_TYPE, request.getContentType());
        in.setHeader("Accept", request.getHeader("Accept"));
        in.setHeader(ReadRedactionRequest.RESTORE_HEADER, request.getHeader(ReadRedactionRequest.RESTORE_HEADER));
        if (request.getContentLengthLong() >= 0) {
            in.setHeader(Exchange.CONTENT_LENGTH, request.getContentLengthLong());
        }
        try {
            in.setBody(request.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
