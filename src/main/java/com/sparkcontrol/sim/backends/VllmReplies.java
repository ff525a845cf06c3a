package com.sparkcontrol.sim.backends;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds vLLM's response bodies for one request: the non-stream completion, and the stream's chunks
 * (first chunk with the role, one per token, the finish chunk, the usage chunk with {@code choices: []}).
 * Fields absent from vLLM's stream chunks stay absent here too ({@code exclude_unset}).
 */
final class VllmReplies {

    private final boolean chat;
    private final String id;
    private final long created;
    private final String model;

    VllmReplies(boolean chat, String id, long created, String model) {
        this.chat = chat;
        this.id = id;
        this.created = created;
        this.model = model;
    }

    ObjectNode roleChunk() {
        ObjectNode delta = SimJson.object().put("role", "assistant").put("content", "");
        return chunk(chatChoice(delta, null, false), null);
    }

    ObjectNode tokenChunk(String text, ObjectNode usage) {
        ObjectNode choice = chat
                ? chatChoice(SimJson.object().put("content", text), null, false)
                : textChoice(text, null);
        return chunk(choice, usage);
    }

    ObjectNode finishChunk(String finishReason, String stopReason, ObjectNode usage) {
        ObjectNode choice = chat ? chatChoice(SimJson.object(), finishReason, true) : textChoice("", finishReason);
        putNullable(choice, "stop_reason", stopReason);
        return chunk(choice, usage);
    }

    ObjectNode usageChunk(ObjectNode usage) {
        ObjectNode chunk = header(chat ? "chat.completion.chunk" : "text_completion");
        chunk.putArray("choices");
        chunk.set("usage", usage);
        return chunk;
    }

    ObjectNode completion(String text, String finishReason, String stopReason, ObjectNode usage) {
        ObjectNode body = header(chat ? "chat.completion" : "text_completion");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        if (chat) {
            ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", text);
            message.putArray("tool_calls");
        } else {
            choice.put("text", text);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        putNullable(choice, "stop_reason", stopReason);
        usage.putNull("prompt_tokens_details");
        body.set("usage", usage);
        return body;
    }

    static ObjectNode usage(int promptTokens, int completionTokens) {
        return SimJson.object()
                .put("prompt_tokens", promptTokens)
                .put("total_tokens", promptTokens + completionTokens)
                .put("completion_tokens", completionTokens);
    }

    private ObjectNode chunk(ObjectNode choice, ObjectNode usage) {
        ObjectNode chunk = header(chat ? "chat.completion.chunk" : "text_completion");
        ArrayNode choices = chunk.putArray("choices");
        choices.add(choice);
        if (usage != null) {
            chunk.set("usage", usage);
        }
        return chunk;
    }

    private ObjectNode header(String object) {
        return SimJson.object().put("id", id).put("object", object).put("created", created).put("model", model);
    }

    private static ObjectNode chatChoice(ObjectNode delta, String finishReason, boolean finished) {
        ObjectNode choice = SimJson.object().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finished) {
            choice.put("finish_reason", finishReason);
        } else {
            choice.putNull("finish_reason");
        }
        return choice;
    }

    private static ObjectNode textChoice(String text, String finishReason) {
        ObjectNode choice = SimJson.object().put("index", 0).put("text", text);
        choice.putNull("logprobs");
        putNullable(choice, "finish_reason", finishReason);
        if (finishReason == null) {
            choice.putNull("stop_reason");
        }
        return choice;
    }

    private static void putNullable(ObjectNode node, String field, String value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
