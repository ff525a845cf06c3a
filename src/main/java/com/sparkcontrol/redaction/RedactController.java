package com.sparkcontrol.redaction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/redact}: {@code {"text": "..."}} → {@code {"text": "<redacted>", "entities": [{"type","start",
 * "end","placeholder"}]}}, offsets being UTF-16 positions in the redacted text. Checks the body, then hands the
 * text to {@code redaction-api}. A redaction failure is a 500 that carries no text.
 */
@RestController
class RedactController {

    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final long maxBodySize;

    RedactController(ProducerTemplate producer, ObjectMapper json, RedactionProperties properties) {
        this.producer = producer;
        this.json = json;
        this.maxBodySize = properties.maxBodySize().toBytes();
    }

    @PostMapping(path = "/api/redact", produces = MediaType.APPLICATION_JSON_VALUE)
    RedactionResult redact(HttpServletRequest request) throws IOException {
        String contentType = request.getContentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "send {\"text\": \"...\"} as application/json");
        }
        if (request.getContentLengthLong() > maxBodySize) {
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes((int) maxBodySize + 1);
        }
        if (bytes.length > maxBodySize) {
            throw tooLarge();
        }
        JsonNode text = parse(bytes).get("text");
        if (text == null || !text.isTextual()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the body must be {\"text\": \"...\"} with a string text");
        }
        try {
            return producer.requestBody(RedactionApiRoute.ENDPOINT, text.textValue(), RedactionResult.class);
        } catch (CamelExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    @ExceptionHandler(RedactionFailedException.class)
    ResponseEntity<ApiError> failed(RedactionFailedException e) {
        return ResponseEntity.internalServerError().body(new ApiError("redaction failed",
                "a detector failed, so no redacted text was produced; see the Spark Control log"));
    }

    private JsonNode parse(byte[] bytes) {
        try {
            JsonNode body = json.readTree(bytes);
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (JsonProcessingException e) {
            // falls through to the same answer: the parser's message could quote the text
        } catch (IOException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the body could not be read");
        }
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the body must be a JSON object {\"text\": \"...\"}");
    }

    private ResponseStatusException tooLarge() {
        return new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE,
                "the body is larger than " + maxBodySize + " bytes (spark-control.redaction.max-body-size)");
    }
}
