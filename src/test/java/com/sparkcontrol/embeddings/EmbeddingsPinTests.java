package com.sparkcontrol.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sparkcontrol.config.DataDirectory;
import com.sparkcontrol.sim.backends.FakeEmbeddings;
import com.sparkcontrol.support.SimulatedClusterTest;
import com.sparkcontrol.web.StatusContributor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code /v1/embeddings} (and {@code /redact/v1/embeddings}) against the simulated text-embeddings-inference:
 * the first answer pins model and dimension, a changed model is refused until the pin is cleared, and TEI's
 * own errors arrive as OpenAI envelopes.
 */
class EmbeddingsPinTests extends SimulatedClusterTest {

    static final String OTHER_MODEL = "intfloat/multilingual-e5-large";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();

    @Autowired
    DataDirectory data;

    @Autowired
    List<StatusContributor> status;

    @AfterEach
    void defaultModelAgain() {
        embeddings.setModel(FakeEmbeddings.DEFAULT_MODEL, FakeEmbeddings.DEFAULT_DIMENSION);
    }

    HttpResponse<String> embed(String path, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                BodyHandlers.ofString());
    }

    HttpResponse<String> embed(Object body) throws Exception {
        return embed("/v1/embeddings", body);
    }

    ObjectNode input(String... texts) {
        ObjectNode body = json.createObjectNode().put("model", "embeddings");
        ArrayNode input = body.putArray("input");
        for (String text : texts) {
            input.add(text);
        }
        return body;
    }

    JsonNode pin() throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/embeddings/pin")).build(),
                BodyHandlers.ofString()).body());
    }

    HttpResponse<String> clearPin() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/embeddings/pin")).DELETE().build(), BodyHandlers.ofString());
    }

    @Test
    void theFirstAnswerPinsModelAndDimensionInTheDataDirectory() throws Exception {
        assertThat(pin().path("pinned").asBoolean()).isFalse();

        HttpResponse<String> response = embed(input("hello", "world"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).at("/data/1/embedding")).hasSize(FakeEmbeddings.DEFAULT_DIMENSION);
        JsonNode pin = pin();
        assertThat(pin.path("pinned").asBoolean()).isTrue();
        assertThat(pin.path("model").asText()).isEqualTo(FakeEmbeddings.DEFAULT_MODEL);
        assertThat(pin.path("dimension").asInt()).isEqualTo(FakeEmbeddings.DEFAULT_DIMENSION);
        JsonNode file = json.readTree(Files.readAllBytes(data.resolve(EmbeddingsPin.FILE)));
        assertThat(file.path("model").asText()).isEqualTo(FakeEmbeddings.DEFAULT_MODEL);
        assertThat(file.path("dimension").asInt()).isEqualTo(FakeEmbeddings.DEFAULT_DIMENSION);
    }

    @Test
    void anAnswerFromAnotherModelIsWithheldUntilTheOperatorClearsThePin() throws Exception {
        assertThat(embed(input("first")).statusCode()).isEqualTo(200);
        embeddings.setModel(OTHER_MODEL, 1024);

        HttpResponse<String> refused = embed(input("second"));

        assertThat(refused.statusCode()).isEqualTo(409);
        JsonNode error = json.readTree(refused.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("embedding_model_changed");
        assertThat(error.path("type").asText()).isEqualTo("conflict_error");
        assertThat(error.path("message").asText()).contains(OTHER_MODEL, FakeEmbeddings.DEFAULT_MODEL, "/api/embeddings/pin");
        assertThat(refused.body()).doesNotContain("\"data\"", "embedding\":[");
        assertThat(embed(input("again")).statusCode()).as("still refused").isEqualTo(409);
        assertThat(embed("/redact/v1/embeddings", input("through the redaction gateway")).statusCode()).isEqualTo(409);

        HttpResponse<String> cleared = clearPin();
        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(json.readTree(cleared.body()).at("/cleared/model").asText()).isEqualTo(FakeEmbeddings.DEFAULT_MODEL);
        assertThat(Files.exists(data.resolve(EmbeddingsPin.FILE))).isFalse();

        HttpResponse<String> repinned = embed(input("third"));
        assertThat(repinned.statusCode()).isEqualTo(200);
        assertThat(json.readTree(repinned.body()).at("/data/0/embedding")).hasSize(1024);
        assertThat(pin().path("model").asText()).isEqualTo(OTHER_MODEL);
        assertThat(pin().path("dimension").asInt()).isEqualTo(1024);
    }

    @Test
    void theSameModelWithAnotherDimensionIsRefusedToo() throws Exception {
        assertThat(embed(input("first")).statusCode()).isEqualTo(200);
        embeddings.setModel(FakeEmbeddings.DEFAULT_MODEL, 384);

        HttpResponse<String> refused = embed(input("second"));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json.readTree(refused.body()).at("/error/message").asText()).contains("dimension 384", "dimension 768");
    }

    @Test
    void shorterVectorsTheClientAskedForAreNotAModelChange() throws Exception {
        ObjectNode shorter = input("matryoshka").put("dimensions", 256);
        HttpResponse<String> first = embed(shorter);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json.readTree(first.body()).at("/data/0/embedding")).hasSize(256);
        assertThat(pin().path("dimension").isNull()).as("not the model's own dimension").isTrue();

        assertThat(embed(input("full length")).statusCode()).isEqualTo(200);
        assertThat(pin().path("dimension").asInt()).isEqualTo(FakeEmbeddings.DEFAULT_DIMENSION);
        assertThat(embed(shorter).statusCode()).isEqualTo(200);
    }

    @Test
    void base64VectorsArePinnedByTheirFloatCount() throws Exception {
        HttpResponse<String> response = embed(input("packed").put("encoding_format", "base64"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).at("/data/0/embedding").isTextual()).isTrue();
        assertThat(pin().path("dimension").asInt()).isEqualTo(FakeEmbeddings.DEFAULT_DIMENSION);
    }

    @Test
    void thePinShowsInTheStatusSnapshot() throws Exception {
        embed(input("status"));
        StatusContributor part = status.stream().filter(c -> c.key().equals("embeddingsPin")).findFirst().orElseThrow();
        assertThat(json.valueToTree(part.snapshot()).path("model").asText()).isEqualTo(FakeEmbeddings.DEFAULT_MODEL);
    }

    @Nested
    class TeiErrors {

        @Test
        void overloadedBecomes429RateLimitErrorWithRetryAfter() throws Exception {
            embeddings.overloaded(true);
            for (String path : new String[] {"/v1/embeddings", "/redact/v1/embeddings"}) {
                HttpResponse<String> response = embed(path, input("busy"));
                assertThat(response.statusCode()).as(path).isEqualTo(429);
                assertThat(response.headers().firstValue("Retry-After")).as(path).isPresent();
                JsonNode error = json.readTree(response.body()).path("error");
                assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
                assertThat(error.path("message").asText()).isEqualTo("Model is overloaded");
            }
            assertThat(pin().path("pinned").asBoolean()).as("an error pins nothing").isFalse();
        }

        @Test
        void aBatchOverTeisLimitIsAnOpenAiInvalidRequest() throws Exception {
            String[] texts = new String[FakeEmbeddings.MAX_CLIENT_BATCH_SIZE + 1];
            java.util.Arrays.fill(texts, "x");
            HttpResponse<String> response = embed(input(texts));
            assertThat(response.statusCode()).isEqualTo(413);
            JsonNode error = json.readTree(response.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("message").asText()).contains("batch size 33");
        }

        @Test
        void anEmbeddingsServiceThatIsDownIs503WithRetryAfter() throws Exception {
            embeddings.down();
            try {
                HttpResponse<String> response = embed(input("anyone?"));
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
            } finally {
                embeddings.up();
            }
        }
    }
}
