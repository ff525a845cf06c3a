package com.sparkcontrol.audio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/** The human part of a backend's error body: FastAPI {@code detail}, an OpenAI {@code error.message}, or the text. */
final class BackendMessages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX = 300;

    private BackendMessages() {}

    static String detail(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        try {
            JsonNode root = JSON.readTree(text);
            if (root != null && root.isObject()) {
                JsonNode detail = root.path("detail");
                if (detail.isTextual()) {
                    return cut(detail.asText());
                }
                if (detail.isObject() && detail.path("message").isTextual()) {
                    return cut(detail.path("message").asText());
                }
                if (detail.isArray() && !detail.isEmpty()) {
                    JsonNode first = detail.get(0);
                    return cut(first.path("msg").asText(first.toString()) + " (" + first.path("loc") + ")");
                }
                if (root.path("error").path("message").isTextual()) {
                    return cut(root.path("error").path("message").asText());
                }
                if (root.path("message").isTextual()) {
                    return cut(root.path("message").asText());
                }
            }
        } catch (java.io.IOException notJson) {
            // plain text
        }
        return text.isEmpty() ? "(no body)" : cut(text);
    }

    private static String cut(String text) {
        return text.length() <= MAX ? text : text.substring(0, MAX) + "…";
    }
}
