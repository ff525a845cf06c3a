package com.sparkcontrol.sim.backends;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sparkcontrol.sim.SimVllm;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated vLLM OpenAI-compatible server (as of 0.11): the port refuses connections until
 * {@link #beginServing}, then health, models, completions (whole or streamed), tokenize and Prometheus
 * metrics answer in vLLM's shapes, with faults for a slow, hung, dead or mid-stream-failing engine.
 */
public class FakeVllm extends SimHttpBackend implements SimVllm {

    public static final String VERSION = "0.11.2";
    public static final Duration DEFAULT_TOKEN_INTERVAL = Duration.ofMillis(20);

    private record Serving(String repo, String id, int maxModelLen, long created) {
    }

    private volatile Serving serving;
    private volatile Serving lastServed;
    private volatile Duration tokenInterval = DEFAULT_TOKEN_INTERVAL;
    private volatile boolean failMidStream;
    private volatile boolean engineDead;
    private volatile String apiKey;
    private final AtomicLong abortedStreams = new AtomicLong();
    private final AtomicLong completedStreams = new AtomicLong();
    private final VllmMetrics metrics = new VllmMetrics();
    private final VllmCompletion.Engine engine = new CompletionEngine();

    public FakeVllm(int port) {
        super("vllm", port);
        get("/health", this::health);
        get("/ping", this::health);
        post("/ping", this::health);
        get("/version", x -> x.sendJson(200, SimJson.object().put("version", VERSION)));
        get("/load", x -> x.sendJson(200, SimJson.object().put("server_load", metrics.running())));
        get("/metrics", this::metrics);
        get("/v1/models", this::models);
        post("/tokenize", this::tokenize);
        postWork("/v1/chat/completions", x -> complete(x, true));
        postWork("/v1/completions", x -> complete(x, false));
    }

    @Override
    public void beginServing(String modelRepo, String servedName, int maxModelLen) {
        Objects.requireNonNull(modelRepo, "modelRepo");
        if (maxModelLen < 1) {
            throw new IllegalArgumentException("maxModelLen must be positive: " + maxModelLen);
        }
        String id = servedName == null || servedName.isBlank() ? modelRepo : servedName;
        lastServed = new Serving(modelRepo, id, maxModelLen, System.currentTimeMillis() / 1000);
        serving = lastServed;
        metrics.restart();
        super.up();
    }

    @Override
    public void endServing() {
        down();
    }

    /** Serves the last model again (a container restart); does nothing when no model was ever served. */
    @Override
    public void up() {
        Serving last = lastServed;
        if (last == null) {
            return;
        }
        serving = last;
        super.up();
    }

    @Override
    public void down() {
        super.down();
        serving = null;
    }

    @Override
    public Optional<String> servedModel() {
        Serving current = serving;
        return current == null || !isUp() ? Optional.empty() : Optional.of(current.id());
    }

    /** Time between generated tokens (default 20 ms); zero generates as fast as the client reads. */
    public void setTokenInterval(Duration interval) {
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("token interval must be zero or positive");
        }
        tokenInterval = interval;
    }

    /** After {@value VllmCompletion#TOKENS_BEFORE_FAILURE} tokens, streams end with an in-stream error then {@code [DONE]}. */
    public void failMidStream(boolean on) {
        failMidStream = on;
    }

    /** {@code /health} answers 503 and completions 500 {@code InternalServerError}, as after an EngineDeadError. */
    public void engineDead(boolean on) {
        engineDead = on;
    }

    /** Like {@code --api-key}: {@code /v1} paths then need {@code Authorization: Bearer <key>}; null turns it off. */
    public void setApiKey(String key) {
        apiKey = key;
    }

    /** Streams the client abandoned mid-generation (generation stopped when the write failed). */
    public long abortedStreams() {
        return abortedStreams.get();
    }

    /** Streams that reached {@code data: [DONE]}. */
    public long completedStreams() {
        return completedStreams.get();
    }

    /** Tokens generated since construction or {@link #reset()}, counted as each one is produced. */
    public long generatedTokens() {
        return metrics.generationTokens();
    }

    @Override
    public void reset() {
        super.reset();
        tokenInterval = DEFAULT_TOKEN_INTERVAL;
        failMidStream = false;
        engineDead = false;
        apiKey = null;
        abortedStreams.set(0);
        completedStreams.set(0);
        metrics.restart();
    }

    private void health(SimExchange exchange) throws IOException {
        exchange.sendEmpty(engineDead ? 503 : 200);
    }

    private void metrics(SimExchange exchange) throws IOException {
        Serving current = current();
        exchange.sendText(200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.render(current.id(), faults.waiting(), current.maxModelLen()));
    }

    private void models(SimExchange exchange) throws IOException {
        if (!authorized(exchange)) {
            return;
        }
        Serving current = current();
        ObjectNode body = SimJson.object().put("object", "list");
        ObjectNode card = body.putArray("data").addObject()
                .put("id", current.id())
                .put("object", "model")
                .put("created", current.created())
                .put("owned_by", "vllm")
                .put("root", current.repo());
        card.putNull("parent");
        card.put("max_model_len", current.maxModelLen());
        ObjectNode permission = card.putArray("permission").addObject()
                .put("id", "modelperm-" + UUID.randomUUID().toString().replace("-", ""))
                .put("object", "model_permission")
                .put("created", current.created())
                .put("allow_create_engine", false)
                .put("allow_sampling", true)
                .put("allow_logprobs", true)
                .put("allow_search_indices", false)
                .put("allow_view", true)
                .put("allow_fine_tuning", false)
                .put("organization", "*");
        permission.putNull("group");
        permission.put("is_blocking", false);
        exchange.sendJson(200, body);
    }

    private void tokenize(SimExchange exchange) throws IOException {
        JsonNode body = jsonBody(exchange);
        if (body == null) {
            return;
        }
        String text = body.has("messages") ? body.get("messages").findValuesAsText("content").toString()
                : body.path("prompt").asText("");
        ObjectNode reply = SimJson.object();
        ArrayNode tokens = SimJson.array();
        VllmRequest.words(text).forEach(word -> tokens.add(Math.floorMod(word.hashCode(), 151_000)));
        reply.put("count", tokens.size()).put("max_model_len", current().maxModelLen());
        reply.set("tokens", tokens);
        reply.putNull("token_strs");
        exchange.sendJson(200, reply);
    }

    private void complete(SimExchange exchange, boolean chat) throws IOException, InterruptedException {
        if (!authorized(exchange)) {
            return;
        }
        JsonNode body = jsonBody(exchange);
        if (body == null) {
            return;
        }
        Serving current = current();
        try {
            VllmRequest request = VllmRequest.parse(chat, body);
            if (request.model() != null && !request.model().equals(current.id())) {
                throw new VllmError(404, "NotFoundError", "The model `" + request.model() + "` does not exist.", "model");
            }
            int requested = request.promptTokens() + request.maxTokens();
            if (requested > current.maxModelLen()) {
                throw VllmError.badRequest("This model's maximum context length is " + current.maxModelLen()
                        + " tokens. However, you requested " + requested + " tokens (" + request.promptTokens()
                        + " in the messages, " + request.maxTokens() + " in the completion). Please reduce the length"
                        + " of the messages or completion.");
            }
            if (engineDead) {
                throw new VllmError(500, "InternalServerError",
                        "EngineCore encountered an issue. See stack trace (above) for the root cause.", null);
            }
            faults.pause();
            new VllmCompletion(request, current.id(), engine).answer(exchange);
        } catch (VllmError error) {
            exchange.sendJson(error.status(), error.envelope());
        }
    }

    /** The JSON body, or null after answering 415 (not JSON) or 400 (malformed) as vLLM does. */
    private JsonNode jsonBody(SimExchange exchange) throws IOException {
        if (!exchange.mediaType().equals("application/json")) {
            exchange.sendJson(415, VllmError.envelope("Unsupported Media Type: Only 'application/json' is allowed",
                    "Unsupported Media Type", null, 415));
            return null;
        }
        try {
            JsonNode body = SimJson.MAPPER.readTree(exchange.readSmallBody());
            return body == null ? SimJson.MAPPER.missingNode() : body;
        } catch (JsonProcessingException e) {
            exchange.sendJson(400, VllmError.badRequest("[{'type': 'json_invalid', 'loc': ('body', 0), 'msg': "
                    + "'JSON decode error', 'input': {}, 'ctx': {'error': '" + e.getOriginalMessage().replace('\'', '"')
                    + "'}}]").envelope());
            return null;
        }
    }

    private boolean authorized(SimExchange exchange) throws IOException {
        String key = apiKey;
        if (key == null || exchange.header("Authorization").orElse("").equals("Bearer " + key)) {
            return true;
        }
        exchange.sendJson(401, "{\"error\":\"Unauthorized\"}");
        return false;
    }

    /** The model being served; between down() and a late request, the last one. */
    private Serving current() {
        Serving current = serving;
        return current != null ? current : lastServed;
    }

    private final class CompletionEngine implements VllmCompletion.Engine {
        @Override
        public VllmMetrics metrics() {
            return metrics;
        }

        @Override
        public Duration tokenInterval() {
            return tokenInterval;
        }

        @Override
        public boolean failMidStream() {
            return failMidStream;
        }

        @Override
        public void streamAborted() {
            abortedStreams.incrementAndGet();
        }

        @Override
        public void streamCompleted() {
            completedStreams.incrementAndGet();
        }
    }
}
