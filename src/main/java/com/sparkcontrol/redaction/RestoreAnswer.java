package com.sparkcontrol.redaction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.gateway.OpenAiError;
import com.sparkcontrol.gateway.OpenAiFailure;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Last step of a {@code /redact/v1} call: puts the call's original values back into the upstream's answer. A
 * stream (server-sent events) is restored as it flows, holding back only a possible partial placeholder; a
 * whole answer is restored at once. Nothing is touched when nothing was redacted or the client sent
 * {@code X-Redaction-Restore: false}.
 */
@Component
class RestoreAnswer implements Processor {

    /** A whole (non-streamed) answer larger than this cannot be restored: completions are far smaller. */
    static final int MAX_ANSWER = 64 * 1024 * 1024;

    private final ObjectMapper json;

    RestoreAnswer(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        RedactionCall call = exchange.getProperty(RedactionCall.PROPERTY, RedactionCall.class);
        Message message = exchange.getMessage();
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        boolean sse = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
        if (sse) { // nothing between here and the client may buffer the stream
            message.setHeader("X-Accel-Buffering", "no");
            message.setHeader("Cache-Control", "no-cache");
        }
        if (!call.restoresAnswer()) {
            return;
        }
        PlaceholderRestorer restorer = new PlaceholderRestorer(call.session, json);
        InputStream body = message.getBody(InputStream.class);
        if (body == null) {
            return;
        }
        if (sse) {
            message.setBody(new RestoringInputStream(body, restorer.streaming()));
            return;
        }
        byte[] bytes;
        try (body) {
            bytes = body.readNBytes(MAX_ANSWER + 1);
        } catch (IOException e) {
            throw new OpenAiFailure(OpenAiError.of(502, "the upstream's answer broke off: " + e.getClass().getSimpleName()));
        }
        if (bytes.length > MAX_ANSWER) {
            throw new OpenAiFailure(OpenAiError.of(502, "the upstream's answer is larger than " + MAX_ANSWER
                    + " bytes; the redaction gateway cannot restore it").code("answer_too_large"));
        }
        message.setBody(restorer.restoreResponse(bytes));
    }
}
