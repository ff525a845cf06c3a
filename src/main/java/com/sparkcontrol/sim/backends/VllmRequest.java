package com.sparkcontrol.sim.backends;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A validated {@code /v1/chat/completions} or {@code /v1/completions} body. Tokens are whitespace-separated
 * words: {@code prompt_tokens} is the words of every message plus a small chat-template overhead, and the
 * fake model "answers" by echoing the words of the last user message (or the prompt), cycling until
 * {@code max_tokens}. Echoing keeps placeholders and other markers intact, which redaction tests rely on.
 */
record VllmRequest(
        boolean chat,
        String model,
        List<String> echoWords,
        int promptTokens,
        int maxTokens,
        boolean stream,
        boolean includeUsage,
        boolean continuousUsage,
        List<String> stops) {

    /** The OpenAI default for completions; vLLM's own chat default (the rest of the context) would run for minutes here. */
    static final int DEFAULT_MAX_TOKENS = 16;
    private static final int CHAT_TEMPLATE_TOKENS_PER_MESSAGE = 3;
    private static final List<String> FALLBACK_WORDS = List.of("Hello", "from", "the", "simulated", "Spark.");

    static VllmRequest parse(boolean chat, JsonNode body) throws VllmError {
        if (body == null || !body.isObject()) {
            throw VllmError.badRequest("Input should be a valid dictionary or object to extract fields from");
        }
        String model = optionalText(body, "model");
        List<String> echo;
        int promptTokens;
        if (chat) {
            JsonNode messages = body.get("messages");
            if (messages == null || !messages.isArray()) {
                throw missing("messages");
            }
            promptTokens = CHAT_TEMPLATE_TOKENS_PER_MESSAGE;
            List<String> lastUser = List.of();
            for (JsonNode message : messages) {
                if (!message.isObject() || !message.path("role").isTextual()) {
                    throw missing("messages.role");
                }
                List<String> words = words(contentText(message.get("content")));
                promptTokens += CHAT_TEMPLATE_TOKENS_PER_MESSAGE + words.size();
                if ("user".equals(message.get("role").asText())) {
                    lastUser = words;
                }
            }
            echo = lastUser;
        } else {
            JsonNode prompt = body.get("prompt");
            if (prompt == null || prompt.isNull()) {
                throw VllmError.badRequest("Either prompt or prompt_embeds must be provided and non-empty.");
            }
            echo = words(prompt.isArray() ? joinTexts(prompt) : prompt.asText());
            promptTokens = 1 + echo.size();
        }
        int maxTokens = maxTokens(body);
        boolean stream = body.path("stream").asBoolean(false);
        JsonNode options = body.get("stream_options");
        if (options != null && !options.isNull() && !stream) {
            throw VllmError.badRequest("Stream options can only be defined when `stream=True`.");
        }
        boolean includeUsage = options != null && options.path("include_usage").asBoolean(false);
        boolean continuous = options != null && options.path("continuous_usage_stats").asBoolean(false);
        return new VllmRequest(chat, model, echo.isEmpty() ? FALLBACK_WORDS : echo, promptTokens, maxTokens,
                stream, includeUsage, continuous, stops(body.get("stop")));
    }

    private static int maxTokens(JsonNode body) throws VllmError {
        JsonNode value = body.get("max_completion_tokens");
        if (value == null || value.isNull()) {
            value = body.get("max_tokens");
        }
        if (value == null || value.isNull()) {
            return DEFAULT_MAX_TOKENS;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw VllmError.badRequest("max_tokens: Input should be a valid integer");
        }
        int max = value.intValue();
        if (max < 1) {
            throw VllmError.badRequest("max_tokens must be at least 1, got " + max + ".");
        }
        return max;
    }

    private static List<String> stops(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return stop.asText().isEmpty() ? List.of() : List.of(stop.asText());
        }
        List<String> stops = new ArrayList<>();
        stop.forEach(s -> {
            if (s.isTextual() && !s.asText().isEmpty()) {
                stops.add(s.asText());
            }
        });
        return List.copyOf(stops);
    }

    private static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        // multi-part content: only the text parts carry words
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(' ').append(part.path("text").asText("")));
        return text.toString();
    }

    private static String joinTexts(JsonNode array) {
        StringBuilder text = new StringBuilder();
        array.forEach(item -> text.append(' ').append(item.asText("")));
        return text.toString();
    }

    static List<String> words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static VllmError missing(String field) {
        return VllmError.badRequest("[{'type': 'missing', 'loc': ('body', '" + field + "'), 'msg': 'Field required'}]");
    }
}
