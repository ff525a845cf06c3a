package com.sparkcontrol.sim.backends;

import static com.sparkcontrol.sim.backends.TestHttp.await;
import static com.sparkcontrol.sim.backends.TestHttp.get;
import static com.sparkcontrol.sim.backends.TestHttp.json;
import static com.sparkcontrol.sim.backends.TestHttp.postJson;
import static com.sparkcontrol.sim.backends.TestHttp.postJsonStreaming;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FakeVllmTest {

    private static final String REPO = "Qwen/Qwen3-8B-FP8";
    private static final String SERVED = "qwen3-8b";

    private FakeVllm vllm;

    @BeforeEach
    void start() {
        vllm = new FakeVllm(0);
        vllm.setTokenInterval(Duration.ofMillis(2));
    }

    @AfterEach
    void stop() {
        vllm.close();
    }

    private String url(String path) {
        return vllm.baseUrl() + path;
    }

    private static Map<String, Object> chat(String content, int maxTokens, boolean stream) {
        return Map.of("model", SERVED, "messages", List.of(Map.of("role", "user", "content", content)),
                "max_tokens", maxTokens, "stream", stream);
    }

    @Test
    void refusesConnectionsUntilServingAndAfterEndServing() throws Exception {
        assertThatThrownBy(() -> get(url("/health"))).isInstanceOf(ConnectException.class);
        assertThat(vllm.servedModel()).isEmpty();

        vllm.beginServing(REPO, SERVED, 32768);
        assertThat(get(url("/health")).statusCode()).isEqualTo(200);
        assertThat(get(url("/health")).body()).isEmpty();
        assertThat(vllm.servedModel()).contains(SERVED);

        vllm.endServing();
        assertThatThrownBy(() -> get(url("/health"))).isInstanceOf(ConnectException.class);
        assertThat(vllm.servedModel()).isEmpty();
    }

    @Test
    void upWithoutAnyModelStaysDownAndUpAfterEndServingServesTheLastModel() throws Exception {
        vllm.up();
        assertThat(vllm.isUp()).isFalse();
        vllm.beginServing(REPO, null, 4096);
        vllm.down();
        vllm.up();
        assertThat(json(get(url("/v1/models"))).at("/data/0/id").asText()).isEqualTo(REPO);
    }

    @Test
    void listsTheServedModelInVllmShape() throws Exception {
        vllm.beginServing(REPO, SERVED, 32768);
        JsonNode body = json(get(url("/v1/models")));
        assertThat(body.path("object").asText()).isEqualTo("list");
        JsonNode card = body.at("/data/0");
        assertThat(card.path("id").asText()).isEqualTo(SERVED);
        assertThat(card.path("root").asText()).isEqualTo(REPO);
        assertThat(card.path("max_model_len").asInt()).isEqualTo(32768);
        assertThat(card.path("owned_by").asText()).isEqualTo("vllm");
        assertThat(card.path("object").asText()).isEqualTo("model");
        assertThat(card.path("created").asLong()).isPositive();
        assertThat(card.has("parent")).isTrue();
        assertThat(card.get("parent").isNull()).isTrue();
        assertThat(card.at("/permission/0/object").asText()).isEqualTo("model_permission");
        assertThat(json(get(url("/version"))).path("version").asText()).isEqualTo(FakeVllm.VERSION);
    }

    @Test
    void nonStreamChatEchoesThePromptUpToMaxTokens() throws Exception {
        vllm.beginServing(REPO, SERVED, 32768);
        HttpResponse<String> response = postJson(url("/v1/chat/completions"), chat("alpha beta gamma", 5, false));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("model").asText()).isEqualTo(SERVED);
        JsonNode choice = body.at("/choices/0");
        assertThat(choice.at("/message/role").asText()).isEqualTo("assistant");
        assertThat(choice.at("/message/content").asText()).isEqualTo("alpha beta gamma alpha beta");
        assertThat(choice.at("/message/tool_calls").isArray()).isTrue();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
        assertThat(choice.get("stop_reason").isNull()).isTrue();
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(5);
        assertThat(body.at("/usage/total_tokens").asInt())
                .isEqualTo(body.at("/usage/prompt_tokens").asInt() + 5);
        assertThat(vllm.generatedTokens()).isEqualTo(5);
    }

    @Test
    void completionsHonourMaxTokensAndDefaultToSixteen() throws Exception {
        vllm.beginServing(REPO, SERVED, 32768);
        JsonNode body = json(postJson(url("/v1/completions"), Map.of("model", SERVED, "prompt", "one two three")));
        assertThat(body.path("object").asText()).isEqualTo("text_completion");
        assertThat(body.at("/choices/0/text").asText().split(" ")).hasSize(VllmRequest.DEFAULT_MAX_TOKENS);
        JsonNode three = json(postJson(url("/v1/completions"),
                Map.of("prompt", "one two three", "max_completion_tokens", 3)));
        assertThat(three.at("/choices/0/text").asText()).isEqualTo("one two three");
    }

    @Test
    void stopStringEndsWithFinishReasonStop() throws Exception {
        vllm.beginServing(REPO, SERVED, 32768);
        JsonNode body = json(postJson(url("/v1/chat/completions"), Map.of(
                "messages", List.of(Map.of("role", "user", "content", "red green blue")),
                "max_tokens", 10, "stop", "blue")));
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("red green ");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/choices/0/stop_reason").asText()).isEqualTo("blue");
    }

    @Nested
    class Errors {

        @BeforeEach
        void serve() {
            vllm.beginServing(REPO, SERVED, 64);
        }

        @Test
        void unknownModelIsNotFoundWithParamModel() throws Exception {
            HttpResponse<String> response = postJson(url("/v1/chat/completions"),
                    Map.of("model", "nope", "messages", List.of(Map.of("role", "user", "content", "hi"))));
            assertThat(response.statusCode()).isEqualTo(404);
            JsonNode error = json(response).path("error");
            assertThat(error.path("type").asText()).isEqualTo("NotFoundError");
            assertThat(error.path("message").asText()).isEqualTo("The model `nope` does not exist.");
            assertThat(error.path("param").asText()).isEqualTo("model");
            assertThat(error.path("code").asInt()).isEqualTo(404);
        }

        @Test
        void malformedJsonIsBadRequestEnvelope() throws Exception {
            HttpResponse<String> response = TestHttp.post(url("/v1/chat/completions"), "application/json", "{nope");
            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode error = json(response).path("error");
            assertThat(error.path("type").asText()).isEqualTo("BadRequestError");
            assertThat(error.get("param").isNull()).isTrue();
            assertThat(error.path("code").asInt()).isEqualTo(400);
        }

        @Test
        void missingMessagesIsBadRequest() throws Exception {
            HttpResponse<String> response = postJson(url("/v1/chat/completions"), Map.of("model", SERVED));
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).at("/error/message").asText()).contains("messages");
        }

        @Test
        void nonJsonContentTypeIs415() throws Exception {
            HttpResponse<String> response = TestHttp.post(url("/v1/completions"), "text/plain", "{}");
            assertThat(response.statusCode()).isEqualTo(415);
            assertThat(json(response).at("/error/code").asInt()).isEqualTo(415);
        }

        @Test
        void promptPlusMaxTokensOverTheContextIsBadRequest() throws Exception {
            HttpResponse<String> response = postJson(url("/v1/chat/completions"), chat("hello", 100, false));
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).at("/error/message").asText()).startsWith("This model's maximum context length is 64 tokens.");
        }

        @Test
        void apiKeyGuardsOnlyV1Paths() throws Exception {
            vllm.setApiKey("sekret");
            HttpResponse<String> response = get(url("/v1/models"));
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).isEqualTo("{\"error\":\"Unauthorized\"}");
            assertThat(get(url("/health")).statusCode()).isEqualTo(200);
        }

        @Test
        void deadEngineFailsHealthAndCompletions() throws Exception {
            vllm.engineDead(true);
            assertThat(get(url("/health")).statusCode()).isEqualTo(503);
            HttpResponse<String> response = postJson(url("/v1/chat/completions"), chat("hi", 2, false));
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(json(response).at("/error/type").asText()).isEqualTo("InternalServerError");
            vllm.reset();
            assertThat(get(url("/health")).statusCode()).isEqualTo(200);
        }
    }

    @Nested
    class Streaming {

        @BeforeEach
        void serve() {
            vllm.beginServing(REPO, SERVED, 32768);
        }

        @Test
        void streamsRoleThenOneChunkPerTokenThenFinishThenUsageThenDone() throws Exception {
            Map<String, Object> request = Map.of("model", SERVED,
                    "messages", List.of(Map.of("role", "user", "content", "a b c")),
                    "max_tokens", 4, "stream", true, "stream_options", Map.of("include_usage", true));
            HttpResponse<InputStream> response = postJsonStreaming(url("/v1/chat/completions"), request);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(response.headers().firstValue("Content-Length")).isEmpty();
            List<String> events = readEvents(response.body(), Integer.MAX_VALUE);

            assertThat(events).hasSize(1 + 4 + 1 + 1 + 1);
            assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
            JsonNode first = TestHttp.JSON.readTree(events.get(0));
            assertThat(first.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
            StringBuilder text = new StringBuilder();
            for (String event : events.subList(1, 5)) {
                JsonNode chunk = TestHttp.JSON.readTree(event);
                assertThat(chunk.at("/choices/0/finish_reason").isNull()).isTrue();
                assertThat(chunk.has("usage")).isFalse();
                text.append(chunk.at("/choices/0/delta/content").asText());
            }
            assertThat(text.toString()).isEqualTo("a b c a");
            JsonNode finish = TestHttp.JSON.readTree(events.get(5));
            assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("length");
            JsonNode usage = TestHttp.JSON.readTree(events.get(6));
            assertThat(usage.path("choices").isEmpty()).isTrue();
            assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(4);
            assertThat(vllm.completedStreams()).isEqualTo(1);
        }

        @Test
        void completionsStreamCarriesTextChunksWithoutARoleChunk() throws Exception {
            HttpResponse<InputStream> response = postJsonStreaming(url("/v1/completions"),
                    Map.of("prompt", "x y", "max_tokens", 3, "stream", true));
            List<String> events = readEvents(response.body(), Integer.MAX_VALUE);
            assertThat(events).hasSize(3 + 1 + 1);
            assertThat(TestHttp.JSON.readTree(events.get(0)).at("/choices/0/text").asText()).isEqualTo("x");
            assertThat(TestHttp.JSON.readTree(events.get(3)).at("/choices/0/finish_reason").asText()).isEqualTo("length");
        }

        @Test
        void eventsArriveAsTheEngineGeneratesThem() throws Exception {
            vllm.setTokenInterval(Duration.ofMillis(30));
            int tokens = 40;
            HttpResponse<InputStream> response = postJsonStreaming(url("/v1/chat/completions"), chat("w", tokens, true));
            List<Long> generatedAtArrival = new ArrayList<>();
            try (BufferedReader reader = reader(response.body())) {
                nextEvent(reader); // role chunk
                String event;
                while (!(event = nextEvent(reader)).equals("[DONE]")) {
                    if (TestHttp.JSON.readTree(event).at("/choices/0/delta").has("content")) {
                        generatedAtArrival.add(vllm.generatedTokens());
                    }
                }
            }
            assertThat(generatedAtArrival).hasSize(tokens);
            // a buffering writer delivers the first token only after dozens more are generated, then in bursts
            assertThat(generatedAtArrival.get(0)).isLessThan(tokens / 4);
            assertThat(generatedAtArrival.stream().distinct().count()).isGreaterThan(tokens / 2);
            assertThat(vllm.generatedTokens()).isEqualTo(tokens);
        }

        @Test
        void clientDisconnectStopsGenerationAndCountsAnAbortedStream() throws Exception {
            vllm.setTokenInterval(Duration.ofMillis(20));
            int tokens = 500;
            HttpResponse<InputStream> response = postJsonStreaming(url("/v1/chat/completions"), chat("w", tokens, true));
            List<String> firstEvents = readEvents(response.body(), 3);
            assertThat(firstEvents).hasSize(3);
            response.body().close();

            await("aborted stream", () -> vllm.abortedStreams() == 1);
            long generatedAtAbort = vllm.generatedTokens();
            assertThat(generatedAtAbort).isLessThan(tokens);
            await("the request to end", () -> vllm.inFlight() == 0);
            Thread.sleep(100);
            assertThat(vllm.generatedTokens()).isEqualTo(generatedAtAbort);
            assertThat(vllm.completedStreams()).isZero();
        }

        @Test
        void servesHundredsOfConcurrentStreams() throws Exception {
            int streams = 200;
            int tokens = 10;
            vllm.setTokenInterval(Duration.ofMillis(20));
            vllm.hang(true); // line every request up so they provably run at the same time
            List<CompletableFuture<HttpResponse<InputStream>>> calls = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                calls.add(TestHttp.CLIENT.sendAsync(TestHttp.jsonRequest(url("/v1/completions"),
                        Map.of("prompt", "p" + i, "max_tokens", tokens, "stream", true)).build(),
                        HttpResponse.BodyHandlers.ofInputStream()));
            }
            await("all streams in flight", () -> vllm.inFlight() == streams);
            vllm.hang(false);
            for (int i = 0; i < streams; i++) {
                List<String> events = readEvents(calls.get(i).get().body(), Integer.MAX_VALUE);
                assertThat(events).hasSize(tokens + 2);
                assertThat(TestHttp.JSON.readTree(events.get(0)).at("/choices/0/text").asText()).isEqualTo("p" + i);
            }
            assertThat(vllm.maxConcurrency()).isEqualTo(streams);
            assertThat(vllm.completedStreams()).isEqualTo(streams);
        }

        @Test
        void midStreamFailureSendsAnErrorEventThenDone() throws Exception {
            vllm.failMidStream(true);
            HttpResponse<InputStream> response = postJsonStreaming(url("/v1/chat/completions"), chat("w", 10, true));
            assertThat(response.statusCode()).isEqualTo(200);
            List<String> events = readEvents(response.body(), Integer.MAX_VALUE);
            assertThat(events).hasSize(1 + VllmCompletion.TOKENS_BEFORE_FAILURE + 2);
            JsonNode error = TestHttp.JSON.readTree(events.get(events.size() - 2)).path("error");
            assertThat(error.path("type").asText()).isEqualTo("InternalServerError");
            assertThat(error.path("code").asInt()).isEqualTo(500);
            assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        }
    }

    @Nested
    class FaultsAndCounters {

        @BeforeEach
        void serve() {
            vllm.beginServing(REPO, SERVED, 32768);
        }

        @Test
        void highWaterMarkCountsConcurrentRequestsAndHangReleases() throws Exception {
            vllm.hang(true);
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                calls.add(TestHttp.CLIENT.sendAsync(TestHttp.jsonRequest(url("/v1/chat/completions"), chat("hi", 2, false))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            await("five hung requests", () -> vllm.inFlight() == 5);
            assertThat(vllm.maxConcurrency()).isEqualTo(5);
            assertThat(vllm.inFlight("/v1/chat/completions")).isEqualTo(5);
            assertThat(calls).noneMatch(CompletableFuture::isDone);
            String metrics = get(url("/metrics")).body();
            assertThat(metrics).contains("vllm:num_requests_waiting{model_name=\"qwen3-8b\",engine=\"0\"} 5.0");

            vllm.hang(false);
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                assertThat(call.get().statusCode()).isEqualTo(200);
            }
            assertThat(vllm.inFlight()).as("released before the responses were sent").isZero();
            assertThat(vllm.requestCount("/v1/chat/completions")).isEqualTo(5);
            assertThat(get(url("/health")).statusCode()).isEqualTo(200);
            assertThat(vllm.maxConcurrency()).as("health checks are not work").isEqualTo(5);
        }

        @Test
        void backToBackRequestsNeverOverlap() throws Exception {
            for (int i = 0; i < 25; i++) {
                postJson(url("/v1/completions"), Map.of("prompt", "a", "max_tokens", 1));
                assertThat(get(url("/metrics")).body()).contains("vllm:num_requests_running{model_name=\"qwen3-8b\",engine=\"0\"} 0.0");
            }
            assertThat(vllm.maxConcurrency()).isEqualTo(1);
        }

        @Test
        void downCutsAHungRequest() throws Exception {
            vllm.hang(true);
            CompletableFuture<HttpResponse<String>> call = TestHttp.CLIENT.sendAsync(
                    TestHttp.jsonRequest(url("/v1/chat/completions"), chat("hi", 2, false)).build(),
                    HttpResponse.BodyHandlers.ofString());
            await("the hung request", () -> vllm.inFlight() == 1);
            vllm.endServing();
            assertThatThrownBy(call::get).hasCauseInstanceOf(IOException.class);
        }

        @Test
        void metricsReflectGeneratedAndPromptTokens() throws Exception {
            JsonNode body = json(postJson(url("/v1/chat/completions"), chat("one two three", 7, false)));
            int prompt = body.at("/usage/prompt_tokens").asInt();
            HttpResponse<String> response = get(url("/metrics"));
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            String labels = "{model_name=\"qwen3-8b\",engine=\"0\"}";
            assertThat(response.body())
                    .contains("# TYPE vllm:generation_tokens_total counter")
                    .contains("vllm:generation_tokens_total" + labels + " 7.0")
                    .contains("vllm:prompt_tokens_total" + labels + " " + prompt + ".0")
                    .contains("vllm:num_requests_running" + labels + " 0.0")
                    .contains("vllm:kv_cache_usage_perc" + labels + " 0.0")
                    .contains("vllm:request_success_total{model_name=\"qwen3-8b\",engine=\"0\",finished_reason=\"length\"} 1.0");
        }

        @Test
        void resetClearsCountersAndFaults() throws Exception {
            postJson(url("/v1/completions"), Map.of("prompt", "a", "max_tokens", 2));
            vllm.failMidStream(true);
            vllm.reset();
            assertThat(vllm.requestCount()).isZero();
            assertThat(vllm.generatedTokens()).isZero();
            assertThat(vllm.maxConcurrency()).isZero();
            JsonNode body = json(postJson(url("/v1/completions"), Map.of("prompt", "a", "max_tokens", 2)));
            assertThat(body.at("/choices/0/text").asText()).isEqualTo("a a");
        }
    }

    static BufferedReader reader(InputStream body) {
        return new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The payload of the next {@code data:} event; fails at end of stream. */
    static String nextEvent(BufferedReader reader) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("data: ")) {
                return line.substring("data: ".length());
            }
        }
        throw new AssertionError("stream ended before the next event");
    }

    /** Reads up to {@code max} events (without closing the stream when max is reached). */
    static List<String> readEvents(InputStream body, int max) throws IOException {
        BufferedReader reader = reader(body);
        List<String> events = new ArrayList<>();
        String line;
        while (events.size() < max && (line = reader.readLine()) != null) {
            if (line.startsWith("data: ")) {
                events.add(line.substring("data: ".length()));
            } else {
                assertThat(line).as("SSE framing: only data lines and blank separators").isEmpty();
            }
        }
        return events;
    }
}
