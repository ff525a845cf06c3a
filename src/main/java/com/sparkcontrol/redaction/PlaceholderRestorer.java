package com.sparkcontrol.redaction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Puts a request's original values back into the upstream's answer: in a whole JSON response (message
 * content, tool-call arguments, completion {@code text}), or, through {@link #streaming()}, in an SSE
 * stream. {@link #passThrough()} is the {@code restore=false} mode, which leaves placeholders in place.
 */
public final class PlaceholderRestorer {

    private final PlaceholderTable table;
    private final ObjectMapper mapper;

    public PlaceholderRestorer(RedactionSession session) {
        this(session, new ObjectMapper());
    }

    public PlaceholderRestorer(RedactionSession session, ObjectMapper mapper) {
        this(session.table(), mapper);
    }

    private PlaceholderRestorer(PlaceholderTable table, ObjectMapper mapper) {
        this.table = table;
        this.mapper = mapper;
    }

    /** Restores nothing: the client asked to see placeholders. */
    public static PlaceholderRestorer passThrough() {
        return new PlaceholderRestorer(new PlaceholderTable(), new ObjectMapper());
    }

    public String restore(String text) {
        return table.restore(text, false);
    }

    /**
     * A whole response body with placeholders restored; the same array when there was nothing to restore.
     * A body that is not JSON (an upstream error page, say) is restored as plain text.
     */
    public byte[] restoreResponse(byte[] body) {
        if (table.isEmpty() || !mayHoldPlaceholder(body)) {
            return body;
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isContainerNode()) {
            String text = new String(body, StandardCharsets.UTF_8);
            String restored = table.restore(text, false);
            return restored == text ? body : restored.getBytes(StandardCharsets.UTF_8);
        }
        if (!restoreTree(root, table)) {
            return body;
        }
        try {
            return mapper.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed response always serialises", e);
        }
    }

    /** A restorer for one streamed (SSE) response. */
    public SseRestorer streaming() {
        return new SseRestorer(table, mapper);
    }

    /** Restores every string in the tree in place (JSON-escaped inside {@code arguments}); true when any changed. */
    static boolean restoreTree(JsonNode node, PlaceholderTable table) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    String before = value.textValue();
                    String after = table.restore(before, JsonTextFields.isArguments(field.getKey()));
                    if (after != before) {
                        field.setValue(TextNode.valueOf(after));
                        changed = true;
                    }
                } else {
                    changed |= restoreTree(value, table);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    String before = value.textValue();
                    String after = table.restore(before, false);
                    if (after != before) {
                        array.set(i, TextNode.valueOf(after));
                        changed = true;
                    }
                } else {
                    changed |= restoreTree(value, table);
                }
            }
        }
        return changed;
    }

    /** A "<" somewhere in the bytes, raw or as the JSON escape for it. */
    static boolean mayHoldPlaceholder(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '<') {
                return true;
            }
            if (bytes[i] == '\\' && i + 5 < bytes.length && bytes[i + 1] == 'u' && bytes[i + 2] == '0'
                    && bytes[i + 3] == '0' && bytes[i + 4] == '3' && (bytes[i + 5] == 'c' || bytes[i + 5] == 'C')) {
                return true;
            }
        }
        return false;
    }
}
