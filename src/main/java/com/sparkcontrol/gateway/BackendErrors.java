package com.sparkcontrol.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a backend's error answer into the OpenAI envelope, keeping its status and message: vLLM's nested
 * envelope (≥ 0.10.1, integer {@code code}) and older flat one, vLLM's {@code {"error":"Unauthorized"}},
 * Kokoro's FastAPI {@code detail} (a dict, or a pydantic list for 422), TEI's flat OpenAI-route error and its
 * native {@code error}/{@code error_type}, and anything else (an HTML page from a proxy) as a plain message.
 */
final class BackendErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BackendErrors() {}

    static OpenAiError translate(String backend, int status, byte[] body) {
        JsonNode root = parse(body);
        if (root == null || !root.isObject()) {
            return OpenAiError.of(status, "the " + backend + " backend answered HTTP " + status);
        }
        JsonNode error = root.get("error");
        if (error != null && error.isObject()) { // vLLM ≥ 0.10.1, or already OpenAI-shaped
            return from(status, error.path("message"), error.path("param"), error.path("code"), error.path("type"), backend);
        }
        if (error != null && error.isTextual()) { // vLLM 401, TEI native
            return OpenAiError.of(status, error.asText()).code(text(root.path("error_type")));
        }
        JsonNode detail = root.get("detail");
        if (detail != null) {
            return fromDetail(status, detail, backend);
        }
        if (root.has("message")) { // vLLM < 0.10.1 flat, TEI's /v1/embeddings
            return from(status, root.path("message"), root.path("param"), root.path("code"), root.path("type"), backend);
        }
        return OpenAiError.of(status, "the " + backend + " backend answered HTTP " + status);
    }

    private static OpenAiError from(int status, JsonNode message, JsonNode param, JsonNode code, JsonNode type, String backend) {
        String text = message.isTextual() && !message.asText().isBlank() ? message.asText()
                : "the " + backend + " backend answered HTTP " + status;
        OpenAiError translated = OpenAiError.of(status, text).param(text(param));
        // OpenAI's code is a string such as "model_not_found"; vLLM puts the HTTP status there, which says nothing new
        String codeText = code.isTextual() ? code.asText() : null;
        if (codeText == null && status == 404 && "model".equals(text(param))) {
            codeText = "model_not_found";
        }
        if (codeText == null && type.isTextual() && !type.asText().endsWith("Error") && !type.asText().contains("_error")) {
            codeText = type.asText(); // TEI's "Validation", "Overloaded"
        }
        if (type.isTextual() && type.asText().endsWith("_error")) {
            translated = translated.type(type.asText());
        }
        return translated.code(codeText);
    }

    private static OpenAiError fromDetail(int status, JsonNode detail, String backend) {
        if (detail.isObject()) { // Kokoro: {"error":"validation_error","message":…,"type":"invalid_request_error"}
            OpenAiError error = OpenAiError.of(status, detail.path("message").asText("the " + backend + " backend refused the request"))
                    .code(text(detail.path("error")));
            return detail.path("type").isTextual() ? error.type(detail.get("type").asText()) : error;
        }
        if (detail.isArray()) { // FastAPI/pydantic validation: [{"loc":["body","speed"],"msg":…}]
            List<String> problems = new ArrayList<>();
            String param = null;
            for (JsonNode item : detail) {
                JsonNode loc = item.path("loc");
                String field = loc.isArray() && loc.size() > 0 ? loc.get(loc.size() - 1).asText() : null;
                param = param == null ? field : param;
                problems.add((field == null ? "" : field + ": ") + item.path("msg").asText("invalid"));
            }
            return OpenAiError.of(status, String.join("; ", problems)).param(param);
        }
        return OpenAiError.of(status, detail.asText());
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
