package com.sparkcontrol.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.support.SimulatedClusterTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backends probed over HTTP by the poll: the simulator's Parakeet, diarizer, embeddings, Kokoro and vLLM. */
class BackendHealthTests extends SimulatedClusterTest {

    static final Duration WITHIN = Duration.ofSeconds(30);

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    JsonNode backends() throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("backends");
    }

    /** Generates tokens on the fake vLLM directly, so its counters move between two polls. */
    void generate() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(vllm.baseUrl() + "/v1/completions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"Qwen/Qwen3-8B\",\"prompt\":\"count\",\"max_tokens\":40}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @AfterEach
    void stopServing() {
        vllm.endServing();
    }

    @Test
    void runningServicesAreUpAndOneNotInstalledIsDownWithItsReason() {
        await().atMost(WITHIN).untilAsserted(() -> {
            JsonNode b = backends();
            assertThat(b.path("stt").path("state").asText()).isEqualTo("up");
            assertThat(b.path("diarization").path("state").asText()).isEqualTo("up");
            assertThat(b.path("embeddings").path("state").asText()).isEqualTo("up");
            assertThat(b.path("tts").path("state").asText()).isEqualTo("down");
            assertThat(b.path("tts").path("detail").asText()).contains("connection refused");
            assertThat(b.path("llm").path("state").asText()).isEqualTo("down");
        });
    }

    @Test
    void aServingVllmShowsItsModelQueueCacheAndTokensPerSecond() {
        vllm.beginServing("Qwen/Qwen3-8B", null, 32768);

        await().atMost(WITHIN).untilAsserted(() -> {
            generate();
            JsonNode llm = backends().path("llm");
            assertThat(llm.path("state").asText()).isEqualTo("up");
            assertThat(llm.path("model").asText()).isEqualTo("Qwen/Qwen3-8B");
            assertThat(llm.path("maxModelLen").asInt()).isEqualTo(32768);
            assertThat(llm.path("load").path("requestsRunning").isNumber()).isTrue();
            assertThat(llm.path("load").path("requestsWaiting").isNumber()).isTrue();
            assertThat(llm.path("load").path("kvCachePercent").isNumber()).isTrue();
            assertThat(llm.path("load").path("tokensPerSecond").asDouble()).isPositive();
        });
    }

    @Test
    void aVllmWhoseEngineDiedIsDown() {
        vllm.beginServing("Qwen/Qwen3-8B", null, 32768);
        await().atMost(WITHIN).until(() -> backends().path("llm").path("state").asText().equals("up"));

        vllm.engineDead(true);

        await().atMost(WITHIN).untilAsserted(() -> {
            JsonNode llm = backends().path("llm");
            assertThat(llm.path("state").asText()).isEqualTo("down");
            assertThat(llm.path("detail").asText()).isEqualTo("HTTP 503 from /health");
        });
    }
}
