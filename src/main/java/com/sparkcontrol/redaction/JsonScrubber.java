package com.sparkcontrol.redaction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scrubs an OpenAI request body ({@code chat/completions}, {@code completions}, {@code embeddings}): every
 * string that carries text, see {@link JsonTextFields} (message content as a string or as
 * {@code {"type":"text","text":…}} parts, tool definitions and parameter descriptions, {@code prompt},
 * {@code input}, …), and inside {@code tool_calls[].function.arguments} every string value and key of the
 * JSON it holds, which stays valid JSON. Numbers, roles and model names are left alone. A body without PII
 * comes back as the same byte array.
 */
public final class JsonScrubber {

    private final ObjectMapper mapper;

    public JsonScrubber() {
        this(new ObjectMapper());
    }

    public JsonScrubber(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The scrubbed body. Throws {@link RedactionFailedException} (nothing may be forwarded) when the body is
     * not JSON or a detector fails.
     */
    public byte[] scrub(byte[] body, RedactionSession session) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw invalidBody();
        }
        return scrub(body, root, session);
    }

    /**
     * As {@link #scrub(byte[], RedactionSession)} for a body the caller has already parsed into {@code root}
     * (which is scrubbed in place): {@code raw} itself when nothing changed, so a body without PII is forwarded
     * byte for byte.
     */
    public byte[] scrub(byte[] raw, JsonNode root, RedactionSession session) {
        if (root == null || !root.isContainerNode()) {
            throw invalidBody();
        }
        // placeholders are ASCII, so a Latin-1 view of the raw bytes shows every one written literally
        session.reserveLiteralPlaceholders(new String(raw, StandardCharsets.ISO_8859_1));
        if (!scrub(root, session)) {
            return raw;
        }
        try {
            return mapper.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new RedactionFailedException(RedactionFailedException.Reason.DETECTOR_FAILED,
                    "could not write the scrubbed body");
        }
    }

    /** Scrubs a parsed body in place; true when anything changed. */
    public boolean scrub(JsonNode root, RedactionSession session) {
        if (!root.isContainerNode()) {
            throw invalidBody();
        }
        return scrubContainer(root, session, false);
    }

    private static RedactionFailedException invalidBody() {
        return new RedactionFailedException(RedactionFailedException.Reason.INVALID_REQUEST_BODY,
                "request body is not a JSON object or array");
    }

    /** {@code everything}: inside tool-call arguments, where every string and key is the caller's data. */
    private boolean scrubContainer(JsonNode node, RedactionSession session, boolean everything) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            if (everything) {
                changed = scrubKeys(object, session);
            }
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String key = field.getKey();
                if (!everything && !JsonTextFields.carriesText(key)) {
                    continue;
                }
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    String before = value.textValue();
                    String after = !everything && JsonTextFields.isArguments(key)
                            ? scrubArguments(before, session) : session.redact(before);
                    if (after != before) {
                        field.setValue(TextNode.valueOf(after));
                        changed = true;
                    }
                } else if (value.isContainerNode()) {
                    changed |= scrubContainer(value, session, everything);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    String before = value.textValue();
                    String after = session.redact(before);
                    if (after != before) {
                        array.set(i, TextNode.valueOf(after));
                        changed = true;
                    }
                } else if (value.isContainerNode()) {
                    changed |= scrubContainer(value, session, everything);
                }
            }
        }
        return changed;
    }

    /** Renames keys that are PII themselves (a map keyed by email address), keeping the field order. */
    private static boolean scrubKeys(ObjectNode object, RedactionSession session) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        List<String> scrubbed = keys.stream().map(session::redact).toList();
        if (scrubbed.equals(keys)) {
            return false;
        }
        List<JsonNode> values = keys.stream().map(object::get).toList();
        object.removeAll();
        for (int i = 0; i < keys.size(); i++) {
            object.set(scrubbed.get(i), values.get(i));
        }
        return true;
    }

    /** Tool-call arguments hold JSON text; scrub its values and keep it valid. Non-JSON is scrubbed as text. */
    private String scrubArguments(String arguments, RedactionSession session) {
        JsonNode parsed;
        try {
            parsed = mapper.readTree(arguments);
        } catch (IOException e) {
            parsed = null;
        }
        if (parsed == null || !parsed.isContainerNode()) {
            return session.redact(arguments);
        }
        if (!scrubContainer(parsed, session, true)) {
            return arguments;
        }
        try {
            return mapper.writeValueAsString(parsed);
        } catch (JsonProcessingException e) {
            throw new RedactionFailedException(RedactionFailedException.Reason.DETECTOR_FAILED,
                    "could not write scrubbed tool-call arguments");
        }
    }
}
