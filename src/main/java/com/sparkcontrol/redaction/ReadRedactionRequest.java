package com.sparkcontrol.redaction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
 * First step of every {@code /redact/v1} call: checks method, content type, size and JSON (a 4xx OpenAI error,
 * before anything is scrubbed or forwarded), reads {@code X-Redaction-Restore}, and keeps the call as a
 * {@link RedactionCall}. The incoming headers are dropped so none is echoed back or forwarded.
 */
@Component
class ReadRedactionRequest {

    static final String RESTORE_HEADER = "X-Redaction-Restore";

    private final ObjectMapper json;
    private final long maxBodySize;

    ReadRedactionRequest(ObjectMapper json, RedactionProperties properties) {
        this.json = json;
        this.maxBodySize = properties.maxBodySize().toBytes();
    }

    /** The step for one of the gateway's paths. */
    Processor of(RedactionPath path) {
        return exchange -> read(exchange, path);
    }

    private void read(Exchange exchange, RedactionPath path) {
        Message in = exchange.getIn();
        String method = in.getHeader(Exchange.HTTP_METHOD, String.class);
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        String accept = in.getHeader("Accept", String.class);
        String restoreHeader = in.getHeader(RESTORE_HEADER, String.class);
        Long declaredLength = in.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        InputStream stream = "POST".equals(method) ? in.getBody(InputStream.class) : null;
        in.removeHeaders("*");
        in.setBody(null);

        if (!"POST".equals(method)) {
            throw new OpenAiFailure(OpenAiError.of(405, method + " is not allowed on /redact/v1" + path.path + "; use POST")
                    .code("method_not_allowed"));
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new OpenAiFailure(OpenAiError.of(415, "Content-Type must be application/json, not "
                    + (contentType == null ? "missing" : contentType)).code("unsupported_media_type"));
        }
        boolean restore = restoreFlag(restoreHeader);
        if (declaredLength != null && declaredLength > maxBodySize) {
            throw tooLarge(declaredLength + " bytes");
        }
        byte[] bytes = readBody(stream);
        JsonNode body = parse(bytes);
        if (!body.hasNonNull(path.requiredField)) {
            throw new OpenAiFailure(OpenAiError.of(400, "Missing required parameter: '" + path.requiredField + "'.")
                    .param(path.requiredField));
        }
        exchange.setProperty(RedactionCall.PROPERTY, new RedactionCall(path, bytes, body, accept, restore));
    }

    /** Absent or {@code true}: restore; {@code false}: leave placeholders in the answer; anything else is refused. */
    private static boolean restoreFlag(String header) {
        if (header == null || header.isBlank() || header.strip().equalsIgnoreCase("true")) {
            return true;
        }
        if (header.strip().equalsIgnoreCase("false")) {
            return false;
        }
        throw new OpenAiFailure(OpenAiError.of(400, RESTORE_HEADER + " must be true or false").param(RESTORE_HEADER)
                .code("invalid_header"));
    }

    /** The whole body, refused past {@code max-body-size} even when it came without a Content-Length. */
    private byte[] readBody(InputStream stream) {
        if (stream == null) {
            return new byte[0];
        }
        try (stream) {
            byte[] bytes = stream.readNBytes((int) maxBodySize + 1);
            if (bytes.length > maxBodySize) {
                throw tooLarge("more than " + maxBodySize + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new OpenAiFailure(OpenAiError.of(400, "The request body could not be read."));
        }
    }

    private OpenAiFailure tooLarge(String size) {
        return new OpenAiFailure(OpenAiError.of(413, "The request body is " + size + "; the limit is " + maxBodySize
                + " bytes (spark-control.redaction.max-body-size).").code("request_too_large"));
    }

    private JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw new OpenAiFailure(OpenAiError.of(400, "The request body is empty; expected a JSON object."));
        }
        JsonNode body;
        try {
            body = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            // the parser's message can quote the body: it goes back to the client who sent it, never to the log
            throw new OpenAiFailure(OpenAiError.of(400, "The request body is not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new OpenAiFailure(OpenAiError.of(400, "The request body could not be read."));
        }
        if (body == null || !body.isObject()) {
            throw new OpenAiFailure(OpenAiError.of(400, "The request body must be a JSON object."));
        }
        return body;
    }
}
