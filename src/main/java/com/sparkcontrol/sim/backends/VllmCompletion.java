package com.sparkcontrol.sim.backends;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.UUID;

/**
 * Generates one completion, token by token at the engine's pace, and answers it whole or as a stream.
 * A failed write while streaming is a client that went away: generation stops there, as vLLM's
 * {@code @with_cancellation} does, and the backend counts an aborted stream.
 */
final class VllmCompletion {

    /** Tokens sent before an injected mid-stream failure. */
    static final int TOKENS_BEFORE_FAILURE = 3;

    /** What the engine is doing to this backend's counters, shared by all completions of one FakeVllm. */
    interface Engine {
        VllmMetrics metrics();

        Duration tokenInterval();

        boolean failMidStream();

        void streamAborted();

        void streamCompleted();
    }

    private final VllmRequest request;
    private final VllmReplies replies;
    private final Engine engine;
    private final StringBuilder text = new StringBuilder();
    private int generated;
    private String stopReason;
    private String finishReason; // null until finished; stays null for an aborted or failed request

    VllmCompletion(VllmRequest request, String model, Engine engine) {
        this.request = request;
        this.engine = engine;
        String id = (request.chat() ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
        this.replies = new VllmReplies(request.chat(), id, System.currentTimeMillis() / 1000, model);
    }

    void answer(SimExchange exchange) throws IOException, InterruptedException {
        engine.metrics().started(request.promptTokens());
        exchange.onComplete(() -> engine.metrics().ended(request.promptTokens(), generated, finishReason));
        if (request.stream()) {
            stream(exchange);
        } else {
            whole(exchange);
        }
    }

    private void whole(SimExchange exchange) throws IOException, InterruptedException {
        String finish = null;
        while (finish == null) {
            if (engine.failMidStream() && generated == failurePoint()) {
                exchange.sendJson(500, VllmError.envelope(engineFailure(), "InternalServerError", null, 500));
                return;
            }
            finish = next() == null ? finishReason() : null;
        }
        finishReason = finish;
        exchange.sendJson(200, replies.completion(text.toString(), finish, stopReason,
                VllmReplies.usage(request.promptTokens(), generated)));
    }

    private void stream(SimExchange exchange) throws IOException, InterruptedException {
        OutputStream body = exchange
                .responseHeader("Cache-Control", "no-cache")
                .startChunked(200, "text/event-stream; charset=utf-8");
        SseWriter events = new SseWriter(body);
        try {
            if (request.chat()) {
                events.data(withUsage(replies.roleChunk()));
            }
            while (true) {
                if (engine.failMidStream() && generated == failurePoint()) {
                    events.data(VllmError.envelope(engineFailure(), "InternalServerError", null, 500));
                    events.done();
                    engine.streamCompleted();
                    return;
                }
                String piece = next();
                if (piece == null) {
                    break;
                }
                if (!piece.isEmpty()) {
                    events.data(replies.tokenChunk(piece, continuousUsage()));
                }
            }
            String finish = finishReason();
            events.data(replies.finishChunk(finish, stopReason, continuousUsage()));
            if (request.includeUsage()) {
                events.data(replies.usageChunk(VllmReplies.usage(request.promptTokens(), generated)));
            }
            events.done();
            finishReason = finish;
            engine.streamCompleted();
        } catch (IOException clientGone) {
            engine.streamAborted();
            throw clientGone;
        }
    }

    /**
     * Waits one token interval and produces the next piece of text, or null when generation has ended
     * (length reached or a stop string met; the piece before a stop string may be empty).
     */
    private String next() throws InterruptedException {
        if (stopReason != null || generated >= request.maxTokens()) {
            return null;
        }
        long millis = engine.tokenInterval().toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
        String word = request.echoWords().get(generated % request.echoWords().size());
        String piece = generated == 0 ? word : " " + word;
        generated++;
        engine.metrics().generated();
        for (String stop : request.stops()) {
            int from = Math.max(0, text.length() - stop.length() + 1);
            int at = (text + piece).indexOf(stop, from);
            if (at >= 0) {
                stopReason = stop;
                piece = at > text.length() ? (text + piece).substring(text.length(), at) : "";
                break;
            }
        }
        text.append(piece);
        return piece;
    }

    private String finishReason() {
        return stopReason != null ? "stop" : "length";
    }

    private int failurePoint() {
        return Math.min(TOKENS_BEFORE_FAILURE, request.maxTokens() - 1);
    }

    private ObjectNode continuousUsage() {
        return request.continuousUsage() ? VllmReplies.usage(request.promptTokens(), generated) : null;
    }

    private ObjectNode withUsage(ObjectNode chunk) {
        ObjectNode usage = continuousUsage();
        if (usage != null) {
            chunk.set("usage", usage);
        }
        return chunk;
    }

    private static String engineFailure() {
        return "EngineCore encountered an issue. See stack trace (above) for the root cause.";
    }
}
