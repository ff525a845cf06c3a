package com.sparkcontrol.sim.backends;

import static com.sparkcontrol.sim.backends.TestHttp.get;
import static com.sparkcontrol.sim.backends.TestHttp.json;
import static com.sparkcontrol.sim.backends.TestHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FakeEmbeddingsTest {

    private FakeEmbeddings tei;

    @BeforeEach
    void start() {
        tei = new FakeEmbeddings(0);
        tei.up();
    }

    @AfterEach
    void stop() {
        tei.close();
    }

    private String url(String path) {
        return tei.baseUrl() + path;
    }

    private JsonNode embed(Object input) throws Exception {
        HttpResponse<String> response = postJson(url("/v1/embeddings"), Map.of("input", input, "model", "ignored"));
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    private static double[] vector(JsonNode embedding) {
        double[] v = new double[embedding.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = embedding.get(i).asDouble();
        }
        return v;
    }

    private static double cosine(double[] a, double[] b) {
        return VoiceFingerprints.cosine(a, b);
    }

    @Test
    void answersTheOpenAiShapeWithNormalisedDeterministicVectors() throws Exception {
        JsonNode body = embed(List.of("the cat sat on the mat", "quarterly revenue grew"));
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("model").asText()).isEqualTo(FakeEmbeddings.DEFAULT_MODEL);
        assertThat(body.path("data")).hasSize(2);
        assertThat(body.at("/data/1/index").asInt()).isEqualTo(1);
        assertThat(body.at("/data/0/object").asText()).isEqualTo("embedding");
        double[] cat = vector(body.at("/data/0/embedding"));
        assertThat(cat).hasSize(FakeEmbeddings.DEFAULT_DIMENSION);
        assertThat(Math.sqrt(java.util.Arrays.stream(cat).map(x -> x * x).sum())).isCloseTo(1.0, within(1e-5));
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo((6 + 2) + (3 + 2));
        assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(body.at("/usage/prompt_tokens").asInt());

        double[] again = vector(embed("the cat sat on the mat").at("/data/0/embedding"));
        assertThat(again).isEqualTo(cat);
        double[] near = vector(embed("a cat sat on a mat").at("/data/0/embedding"));
        double[] far = vector(body.at("/data/1/embedding"));
        assertThat(cosine(cat, near)).isGreaterThan(0.4); // 4 of 6 words shared
        assertThat(Math.abs(cosine(cat, far))).isLessThan(0.3);
    }

    @Test
    void nativeEmbedAnswersAListOfVectors() throws Exception {
        HttpResponse<String> response = postJson(url("/embed"), Map.of("inputs", List.of("one", "two")));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.isArray()).isTrue();
        assertThat(body).hasSize(2);
        assertThat(vector(body.get(0))).isEqualTo(vector(embed("one").at("/data/0/embedding")));
    }

    @Test
    void base64EncodingCarriesLittleEndianFloats() throws Exception {
        JsonNode body = json(postJson(url("/v1/embeddings"), Map.of("input", "hello", "encoding_format", "base64")));
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(body.at("/data/0/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        double[] floats = vector(embed("hello").at("/data/0/embedding"));
        assertThat(bytes.remaining()).isEqualTo(floats.length * 4);
        assertThat(bytes.getFloat(0)).isEqualTo((float) floats[0]);
    }

    @Test
    void swappingTheModelChangesIdDimensionAndVectors() throws Exception {
        double[] before = vector(embed("pin me").at("/data/0/embedding"));
        tei.setModel("nomic-ai/nomic-embed-text-v1.5", 384);
        JsonNode after = embed("pin me");
        assertThat(after.path("model").asText()).isEqualTo("nomic-ai/nomic-embed-text-v1.5");
        assertThat(after.at("/data/0/embedding")).hasSize(384);
        assertThat(json(get(url("/info"))).path("model_id").asText()).isEqualTo("nomic-ai/nomic-embed-text-v1.5");
        tei.setModel(FakeEmbeddings.DEFAULT_MODEL, FakeEmbeddings.DEFAULT_DIMENSION);
        assertThat(vector(embed("pin me").at("/data/0/embedding"))).isEqualTo(before);
    }

    @Test
    void infoAndHealthUseTeiFieldNames() throws Exception {
        JsonNode info = json(get(url("/info")));
        assertThat(info.path("model_id").asText()).isEqualTo(FakeEmbeddings.DEFAULT_MODEL);
        assertThat(info.at("/model_type/embedding/pooling").asText()).isEqualTo("cls");
        assertThat(info.path("max_client_batch_size").asInt()).isEqualTo(32);
        assertThat(info.path("max_input_length").asInt()).isEqualTo(512);
        assertThat(info.path("version").asText()).isEqualTo(FakeEmbeddings.VERSION);
        assertThat(info.has("model_sha")).isTrue();
        HttpResponse<String> health = get(url("/health"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEmpty();
        tei.unhealthy(true);
        HttpResponse<String> sick = get(url("/health"));
        assertThat(sick.statusCode()).isEqualTo(503);
        assertThat(json(sick).path("error_type").asText()).isEqualTo("Unhealthy");
    }

    @Nested
    class FlatErrors {

        private void assertFlat(HttpResponse<String> response, int status, String type) throws Exception {
            assertThat(response.statusCode()).isEqualTo(status);
            JsonNode body = json(response);
            assertThat(body.has("error")).as("no OpenAI wrapper").isFalse();
            assertThat(body.path("code").asInt()).isEqualTo(status);
            assertThat(body.path("type").asText()).isEqualTo(type);
            assertThat(body.path("message").asText()).isNotBlank();
        }

        @Test
        void emptyBatchIsEmpty400() throws Exception {
            HttpResponse<String> response = postJson(url("/v1/embeddings"), Map.of("input", List.of()));
            assertFlat(response, 400, "Empty");
            assertThat(json(response).path("message").asText()).isEqualTo("`inputs` cannot be empty");
        }

        @Test
        void batchOverThirtyTwoIsValidation413() throws Exception {
            HttpResponse<String> response = postJson(url("/v1/embeddings"), Map.of("input", Collections.nCopies(33, "x")));
            assertFlat(response, 413, "Validation");
            assertThat(json(response).path("message").asText()).isEqualTo("batch size 33 > maximum allowed batch size 32");
        }

        @Test
        void inputOverTheTokenLimitIsValidation413() throws Exception {
            HttpResponse<String> response = postJson(url("/v1/embeddings"), Map.of("input", "word ".repeat(600)));
            assertFlat(response, 413, "Validation");
            assertThat(json(response).path("message").asText())
                    .isEqualTo("Input validation error: `inputs` must have less than 512 tokens. Given: 602");
        }

        @Test
        void overloadedIs429() throws Exception {
            tei.overloaded(true);
            assertFlat(postJson(url("/v1/embeddings"), Map.of("input", "hi")), 429, "Overloaded");
            tei.reset();
            assertThat(postJson(url("/v1/embeddings"), Map.of("input", "hi")).statusCode()).isEqualTo(200);
        }

        @Test
        void nativeRouteUsesErrorAndErrorType() throws Exception {
            HttpResponse<String> response = postJson(url("/embed"), Map.of("inputs", List.of()));
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).path("error_type").asText()).isEqualTo("Empty");
            assertThat(json(response).path("error").asText()).isEqualTo("`inputs` cannot be empty");
        }

        @Test
        void malformedRequestsAreAxumPlainTextRejections() throws Exception {
            HttpResponse<String> notJson = TestHttp.post(url("/v1/embeddings"), "text/plain", "{}");
            assertThat(notJson.statusCode()).isEqualTo(415);
            HttpResponse<String> syntax = TestHttp.post(url("/v1/embeddings"), "application/json", "{");
            assertThat(syntax.statusCode()).isEqualTo(400);
            assertThat(syntax.body()).startsWith("Failed to parse the request body as JSON");
            HttpResponse<String> missing = postJson(url("/v1/embeddings"), Map.of("model", "x"));
            assertThat(missing.statusCode()).isEqualTo(422);
            assertThat(missing.body()).contains("missing field `input`");
            assertThat(get(url("/nope")).statusCode()).isEqualTo(404);
        }
    }
}
