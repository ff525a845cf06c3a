package com.sparkcontrol.sim.backends;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A simulated HuggingFace text-embeddings-inference 1.9 server: {@code /v1/embeddings} (OpenAI shape),
 * {@code /embed}, {@code /rerank}, {@code /info}, {@code /health}, with TEI's limits (batch of 32, 512 tokens)
 * and error bodies. ({@code /rerank} answers whatever model is set; a real TEI serves it only for re-ranker models.) {@link #setModel} swaps the served model and its dimension, as redeploying TEI would.
 */
public class FakeEmbeddings extends SimHttpBackend {

    public static final String VERSION = "1.9.0";
    public static final String DEFAULT_MODEL = "BAAI/bge-base-en-v1.5";
    public static final int DEFAULT_DIMENSION = 768;
    public static final int MAX_CLIENT_BATCH_SIZE = 32;
    public static final int MAX_INPUT_LENGTH = 512;

    private record Model(String id, int dimension) {
    }

    private volatile Model model;
    private volatile boolean overloaded;
    private volatile boolean unhealthy;

    public FakeEmbeddings(int port) {
        this(port, DEFAULT_MODEL, DEFAULT_DIMENSION);
    }

    public FakeEmbeddings(int port, String modelId, int dimension) {
        super("embeddings", port);
        setModel(modelId, dimension);
        get("/health", this::health);
        get("/", this::health);
        get("/ping", this::health);
        get("/info", this::info);
        postWork("/v1/embeddings", x -> embed(x, true));
        postWork("/embeddings", x -> embed(x, true));
        postWork("/embed", x -> embed(x, false));
        postWork("/rerank", this::rerank);
    }

    /** Serves {@code modelId} with vectors of {@code dimension}; vectors of the new model are unrelated to the old. */
    public void setModel(String modelId, int dimension) {
        Objects.requireNonNull(modelId, "modelId");
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive: " + dimension);
        }
        model = new Model(modelId, dimension);
    }

    public String modelId() {
        return model.id();
    }

    public int dimension() {
        return model.dimension();
    }

    /** Embedding routes answer 429 {@code Overloaded}, as when more than max_concurrent_requests are queued. */
    public void overloaded(boolean on) {
        overloaded = on;
    }

    /** {@code /health} answers 503 {@code Unhealthy}. */
    public void unhealthy(boolean on) {
        unhealthy = on;
    }

    /** Vector TEI returns for {@code text} under the current model (normalised); lets tests compare. */
    public float[] vectorFor(String text) {
        Model current = model;
        return TextVectors.embed(current.id(), text, current.dimension(), true);
    }

    @Override
    public void reset() {
        super.reset();
        overloaded = false;
        unhealthy = false;
    }

    /** axum answers unknown paths with an empty 404. */
    @Override
    void notFound(SimExchange exchange) throws IOException {
        exchange.sendEmpty(404);
    }

    @Override
    void methodNotAllowed(SimExchange exchange) throws IOException {
        exchange.sendEmpty(405);
    }

    private void health(SimExchange exchange) throws IOException {
        if (unhealthy) {
            exchange.sendJson(503, new TeiError(TeiError.Type.Unhealthy, "unhealthy").nativeBody());
        } else {
            exchange.sendEmpty(200);
        }
    }

    private void info(SimExchange exchange) throws IOException {
        Model current = model;
        ObjectNode info = SimJson.object().put("model_id", current.id());
        info.putNull("model_sha");
        info.put("model_dtype", "float16");
        info.putNull("served_model_name");
        info.putObject("model_type").putObject("embedding").put("pooling", "cls");
        info.put("max_concurrent_requests", 512)
                .put("max_input_length", MAX_INPUT_LENGTH)
                .put("max_batch_tokens", 16384);
        info.putNull("max_batch_requests");
        info.put("max_client_batch_size", MAX_CLIENT_BATCH_SIZE)
                .put("auto_truncate", false)
                .put("tokenization_workers", 2)
                .put("version", VERSION);
        info.putNull("sha");
        info.putNull("docker_label");
        exchange.sendJson(200, info);
    }

    private void embed(SimExchange exchange, boolean openAi) throws IOException, InterruptedException {
        JsonNode body = axumJson(exchange);
        if (body == null) {
            return;
        }
        JsonNode input = body.get(openAi ? "input" : "inputs");
        if (input == null || !(input.isTextual() || input.isArray())) {
            exchange.sendText(422, "text/plain; charset=utf-8", "Failed to deserialize the JSON body into the target type: "
                    + (input == null ? "missing field `" + (openAi ? "input" : "inputs") + "`"
                    : "data did not match any variant of untagged enum Input"));
            return;
        }
        Model current = model;
        try {
            List<String> texts = texts(input);
            if (overloaded) {
                throw new TeiError(TeiError.Type.Overloaded, "Model is overloaded");
            }
            int tokens = 0;
            for (String text : texts) {
                tokens += validTokens(text);
            }
            int dimensions = dimensions(body.get("dimensions"), current.dimension());
            boolean normalise = openAi || body.path("normalize").asBoolean(true);
            faults.pause();
            List<float[]> vectors = new ArrayList<>();
            for (String text : texts) {
                vectors.add(truncate(TextVectors.embed(current.id(), text, current.dimension(), normalise), dimensions, normalise));
            }
            exchange.responseHeader("x-compute-tokens", Integer.toString(tokens));
            if (openAi) {
                exchange.sendJson(200, openAiResponse(vectors, current.id(), tokens,
                        "base64".equals(body.path("encoding_format").asText("float"))));
            } else {
                ArrayNode response = SimJson.array();
                vectors.forEach(v -> response.add(floats(v)));
                exchange.sendJson(200, response);
            }
        } catch (TeiError error) {
            exchange.sendJson(error.status(), openAi ? error.openAi() : error.nativeBody());
        }
    }

    /**
     * TEI's {@code POST /rerank {"query", "texts": [...], "return_text"?}}: {@code [{"index", "score"(, "text")}]},
     * best first. The score is the similarity of the query's and the text's vectors, mapped to 0..1.
     */
    private void rerank(SimExchange exchange) throws IOException, InterruptedException {
        JsonNode body = axumJson(exchange);
        if (body == null) {
            return;
        }
        JsonNode query = body.get("query");
        JsonNode texts = body.get("texts");
        if (query == null || !query.isTextual() || texts == null || !texts.isArray()) {
            exchange.sendText(422, "text/plain; charset=utf-8", "Failed to deserialize the JSON body into the target type: missing field `"
                    + (query == null || !query.isTextual() ? "query" : "texts") + "`");
            return;
        }
        Model current = model;
        try {
            if (texts.isEmpty()) {
                throw new TeiError(TeiError.Type.Empty, "`texts` cannot be empty");
            }
            if (texts.size() > MAX_CLIENT_BATCH_SIZE) {
                throw new TeiError(TeiError.Type.Validation, "batch size " + texts.size()
                        + " > maximum allowed batch size " + MAX_CLIENT_BATCH_SIZE);
            }
            if (overloaded) {
                throw new TeiError(TeiError.Type.Overloaded, "Model is overloaded");
            }
            validTokens(query.asText());
            faults.pause();
            float[] q = TextVectors.embed(current.id(), query.asText(), current.dimension(), true);
            List<ObjectNode> ranked = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i).asText();
                validTokens(text);
                float[] t = TextVectors.embed(current.id(), text, current.dimension(), true);
                double cosine = 0;
                for (int d = 0; d < q.length; d++) {
                    cosine += q[d] * t[d];
                }
                ObjectNode item = SimJson.object().put("index", i).put("score", (float) ((1 + cosine) / 2));
                if (body.path("return_text").asBoolean(false)) {
                    item.put("text", text);
                }
                ranked.add(item);
            }
            ranked.sort((a, b) -> Double.compare(b.get("score").asDouble(), a.get("score").asDouble()));
            ArrayNode response = SimJson.array();
            ranked.forEach(response::add);
            exchange.sendJson(200, response);
        } catch (TeiError error) {
            exchange.sendJson(error.status(), error.nativeBody());
        }
    }

    /** One input as TEI reads it: a string, or a list that is a batch (of strings or of token-id lists) or one token-id list. */
    private static List<String> texts(JsonNode input) throws TeiError {
        if (input.isTextual()) {
            return List.of(input.asText());
        }
        if (input.size() > 0 && input.get(0).isNumber()) {
            return List.of(idsAsText(input));
        }
        if (input.isEmpty()) {
            throw new TeiError(TeiError.Type.Empty, "`inputs` cannot be empty");
        }
        if (input.size() > MAX_CLIENT_BATCH_SIZE) {
            throw new TeiError(TeiError.Type.Validation, "batch size " + input.size()
                    + " > maximum allowed batch size " + MAX_CLIENT_BATCH_SIZE);
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : input) {
            texts.add(item.isArray() ? idsAsText(item) : item.asText());
        }
        return texts;
    }

    private static String idsAsText(JsonNode ids) {
        StringBuilder text = new StringBuilder();
        ids.forEach(id -> text.append(id.asLong()).append(' '));
        return text.toString().strip();
    }

    private static int validTokens(String text) throws TeiError {
        if (text.isEmpty()) {
            throw new TeiError(TeiError.Type.Validation, "Input validation error: `inputs` cannot be empty");
        }
        int tokens = TextVectors.tokenCount(text);
        if (tokens > MAX_INPUT_LENGTH) {
            throw new TeiError(TeiError.Type.Validation, "Input validation error: `inputs` must have less than "
                    + MAX_INPUT_LENGTH + " tokens. Given: " + tokens);
        }
        return tokens;
    }

    private static int dimensions(JsonNode requested, int modelDimension) throws TeiError {
        if (requested == null || requested.isNull()) {
            return modelDimension;
        }
        int dimensions = requested.asInt(-1);
        if (dimensions < 1 || dimensions > modelDimension) {
            // TEI's own wording is not in the contract; the type and status follow its Validation errors
            throw new TeiError(TeiError.Type.Validation, "Input validation error: `dimensions` must be between 1 and "
                    + modelDimension + ". Given: " + requested.asText());
        }
        return dimensions;
    }

    private static float[] truncate(float[] vector, int dimensions, boolean normalise) {
        if (dimensions == vector.length) {
            return vector;
        }
        float[] cut = Arrays.copyOf(vector, dimensions);
        if (normalise) {
            double norm = 0;
            for (float v : cut) {
                norm += v * v;
            }
            for (int i = 0; i < cut.length; i++) {
                cut[i] = (float) (cut[i] / Math.sqrt(norm));
            }
        }
        return cut;
    }

    private static ObjectNode openAiResponse(List<float[]> vectors, String modelId, int tokens, boolean base64) {
        ObjectNode response = SimJson.object().put("object", "list");
        ArrayNode data = response.putArray("data");
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding");
            if (base64) {
                ByteBuffer bytes = ByteBuffer.allocate(vectors.get(i).length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : vectors.get(i)) {
                    bytes.putFloat(v);
                }
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                item.set("embedding", floats(vectors.get(i)));
            }
            item.put("index", i);
        }
        response.put("model", modelId);
        response.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return response;
    }

    private static ArrayNode floats(float[] vector) {
        ArrayNode array = SimJson.array();
        for (float v : vector) {
            array.add(v);
        }
        return array;
    }

    /** The JSON body, or null after answering as axum's {@code Json} extractor rejects: 415, 400 or 422 in plain text. */
    private static JsonNode axumJson(SimExchange exchange) throws IOException {
        if (!exchange.mediaType().equals("application/json")) {
            exchange.sendText(415, "text/plain; charset=utf-8", "Expected request with `Content-Type: application/json`");
            return null;
        }
        try {
            JsonNode body = SimJson.MAPPER.readTree(exchange.readSmallBody());
            if (body == null || !body.isObject()) {
                exchange.sendText(422, "text/plain; charset=utf-8",
                        "Failed to deserialize the JSON body into the target type: invalid type: expected a map");
                return null;
            }
            return body;
        } catch (JsonProcessingException e) {
            exchange.sendText(400, "text/plain; charset=utf-8", "Failed to parse the request body as JSON: "
                    + e.getOriginalMessage());
            return null;
        }
    }
}
