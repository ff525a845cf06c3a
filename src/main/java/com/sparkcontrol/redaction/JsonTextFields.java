package com.sparkcontrol.redaction;

import java.util.Set;

/**
 * Which string values of an OpenAI request or response are text. Everything is, except a short list of
 * structural fields (model names, roles, ids, enum-like settings) and media parts (images, audio, files),
 * so a new text field in a future API version is scrubbed by default rather than leaked.
 */
final class JsonTextFields {

    private static final Set<String> STRUCTURAL = Set.of(
            "model", "role", "type", "id", "index", "object", "tool_call_id", "finish_reason", "encoding_format",
            "service_tier", "reasoning_effort", "format", "$ref", "$schema", "system_fingerprint", "logprobs",
            "top_logprobs", "created");

    private static final Set<String> MEDIA = Set.of("image_url", "input_audio", "audio_url", "video_url", "file", "audio");

    private JsonTextFields() {
    }

    /** False for fields whose values are never scanned (nor anything nested below them). */
    static boolean carriesText(String key) {
        return !STRUCTURAL.contains(key) && !MEDIA.contains(key);
    }

    /** Tool-call arguments: JSON text inside a string. */
    static boolean isArguments(String key) {
        return "arguments".equals(key);
    }
}
