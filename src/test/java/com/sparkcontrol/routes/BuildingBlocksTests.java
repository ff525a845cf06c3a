package com.sparkcontrol.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The building blocks as operators call them: from YAML route files, over real HTTP, against the simulated Sparks. */
class BuildingBlocksTests extends RouteFileTest {

    static final String MODEL = "Qwen/Qwen3-0.6B";

    /** A {@code /v1/...} route that sets {@code SparkControlUpstream} and calls {@code block}, with optional extra steps. */
    static String route(String id, String path, String upstream, String block, String... extraSteps) {
        StringBuilder yaml = new StringBuilder("""
                - route:
                    id: %s
                    routeConfigurationId: openai-errors
                    from:
                      uri: platform-http:%s?useStreaming=true
                      steps:
                """.formatted(id, path));
        for (String step : extraSteps) {
            yaml.append(step.indent(8));
        }
        if (upstream != null) {
            yaml.append("""
                        - setHeader:
                            name: SparkControlUpstream
                            constant: "%s"
                """.formatted(upstream));
        }
        yaml.append("        - to: ").append(block).append('\n');
        return yaml.toString();
    }

    static String guardStep(String guard) {
        return """
                - setHeader:
                    name: SparkControlGuard
                    constant: %s
                """.formatted(guard);
    }

    static String chat(boolean stream, String text) {
        return "{\"model\": \"" + MODEL + "\", \"stream\": " + stream + ", \"max_tokens\": 12,"
                + " \"messages\": [{\"role\": \"user\", \"content\": \"" + text + "\"}]}";
    }

    HttpRequest chatRequest(String path, boolean stream, String text) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chat(stream, text))).build();
    }

    @Test
    void customV1PathStreamsEventByEventFromVllm() throws Exception {
        vllm.beginServing(MODEL, null, 8192);
        vllm.setTokenInterval(Duration.ofMillis(100));
        install("stream", route("test-stream", "/v1/test-stream", vllm.baseUrl() + "/v1/chat/completions", "direct:proxy-stream"));

        HttpResponse<InputStream> response = http.send(chatRequest("/v1/test-stream", true, "one two three four five six seven eight"),
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<String> events = new ArrayList<>();
        long completedWhenFirstEventArrived = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data:")) {
                    if (events.isEmpty()) {
                        completedWhenFirstEventArrived = vllm.completedStreams();
                    }
                    events.add(line);
                }
            }
        }
        // the first event was in the client's hands while vLLM was still generating the rest
        assertThat(completedWhenFirstEventArrived).isZero();
        assertThat(events).hasSizeGreaterThan(10).last().isEqualTo("data: [DONE]");
        assertThat(vllm.completedStreams()).isEqualTo(1);
    }

    @Test
    void clientThatGoesAwayStopsTheGeneration() throws Exception {
        vllm.beginServing(MODEL, null, 8192);
        vllm.setTokenInterval(Duration.ofMillis(200));
        install("abort", route("test-abort", "/v1/test-abort", vllm.baseUrl() + "/v1/chat/completions", "direct:proxy-stream"));

        HttpResponse<InputStream> response = http.send(chatRequest("/v1/test-abort", true, "one two three"),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).startsWith("data:");
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(vllm.abortedStreams()).isEqualTo(1));
        assertThat(vllm.completedStreams()).isZero();
    }

    @Test
    void guardSendsConcurrentCallsOneAtATime() throws Exception {
        parakeet.fftRaceOnConcurrency(true); // a second concurrent request would fail with 503
        parakeet.setResponseDelay(Duration.ofMillis(150));
        install("guarded", route("test-guarded", "/v1/test-guarded", parakeet.baseUrl() + "/v1/audio/transcriptions",
                "direct:guarded-call", guardStep("test-serial")));

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(http.sendAsync(Multipart.wavUpload(baseUrl() + "/v1/test-guarded", "parakeet"), HttpResponse.BodyHandlers.ofString()));
        }

        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.join();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json.readTree(response.body()).path("text").asText()).isEqualTo("Good morning everyone");
        }
        assertThat(parakeet.transcriptionCount()).isEqualTo(4);
        assertThat(parakeet.maxConcurrency()).isEqualTo(1);
    }

    @Test
    void retryAfterHoldsTheBreakerOpenWithoutCallingTheUpstream() throws Exception {
        parakeet.setRetryAfterStorm(2, 1);
        install("retry", route("test-retry", "/v1/test-retry", parakeet.baseUrl() + "/v1/audio/transcriptions",
                "direct:guarded-call", guardStep("test-retry-after")));

        HttpResponse<String> first = http.send(Multipart.wavUpload(baseUrl() + "/v1/test-retry", "parakeet"), HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 2L));
        assertThat(openAiError(first).path("code").asText()).isEqualTo("upstream_busy");

        HttpResponse<String> refused = http.send(Multipart.wavUpload(baseUrl() + "/v1/test-retry", "parakeet"), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(openAiError(refused).path("code").asText()).isEqualTo("circuit_open");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(parakeet.transcriptionCount()).as("calls that reached Parakeet while the breaker was open").isEqualTo(1);

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertThat(
                http.send(Multipart.wavUpload(baseUrl() + "/v1/test-retry", "parakeet"), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200));
    }

    @Test
    void redactThenRestoreKeepsPiiFromTheUpstreamAndGivesItBack() throws Exception {
        vllm.beginServing(MODEL, null, 8192);
        vllm.setTokenInterval(Duration.ZERO);
        String upstream = vllm.baseUrl() + "/v1/chat/completions";
        install("redacted", route("test-redacted", "/v1/test-redacted", upstream, "direct:proxy-stream",
                "- to: direct:redact").replace("        - to: direct:proxy-stream\n",
                "        - to: direct:proxy-stream\n        - to: direct:restore\n"));
        install("scrubbed", route("test-scrubbed", "/v1/test-scrubbed", upstream, "direct:proxy-stream", "- to: direct:redact"));
        String text = "Mail jane.doe@example.com today";

        JsonNode seenByVllm = json.readTree(http.send(chatRequest("/v1/test-scrubbed", false, text), HttpResponse.BodyHandlers.ofString()).body());
        JsonNode restored = json.readTree(http.send(chatRequest("/v1/test-redacted", false, text), HttpResponse.BodyHandlers.ofString()).body());
        String streamed = http.send(chatRequest("/v1/test-redacted", true, text), HttpResponse.BodyHandlers.ofString()).body();

        // the fake vLLM echoes the user's words: what it echoes is what it was sent
        String echoed = seenByVllm.path("choices").get(0).path("message").path("content").asText();
        assertThat(echoed).doesNotContain("jane.doe@example.com").contains("<EMAIL_ADDRESS");
        assertThat(restored.path("choices").get(0).path("message").path("content").asText()).contains("jane.doe@example.com")
                .doesNotContain("<EMAIL_ADDRESS");
        assertThat(streamed).contains("jane.doe@example.com").doesNotContain("EMAIL_ADDRESS").contains("data: [DONE]");
    }

    @Test
    void serviceCommandRunsTheDeclaredLifecycleAction() throws Exception {
        install("restart", """
                - route:
                    id: test-restart-kokoro
                    routeConfigurationId: openai-errors
                    from:
                      uri: platform-http:/api/custom/test-restart-kokoro?httpMethodRestrict=POST
                      steps:
                        - setHeader: {name: SparkControlService, constant: kokoro}
                        - setHeader: {name: SparkControlAction, constant: restart}
                        - to: direct:service-command
                """);

        HttpResponse<String> response = postJson("/api/custom/test-restart-kokoro", "");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode started = json.readTree(response.body());
        assertThat(started.path("service").asText()).isEqualTo("kokoro");
        assertThat(started.path("action").asText()).isEqualTo("restart");
        assertThat(started.path("actionId").asText()).isNotBlank();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(cluster.commands())
                .anySatisfy(c -> assertThat(c.line()).isEqualTo("docker restart kokoro-tts")));
    }

    @Test
    void brokenRouteFileIsListedWithItsLineInTheServices() throws Exception {
        java.nio.file.Files.writeString(folder().resolve("test-broken.yaml"), """
                - route:
                    id: test-broken
                    from:
                      uri: platform-http:/custom/test-broken
                      steps:
                        - setBody:
                            constant: [unclosed
                """);
        operatorRoutes.scan();

        HttpResponse<String> response = get("/api/services");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode entry = null;
        for (JsonNode item : json.readTree(response.body())) {
            if (item.path("name").asText().equals("test-broken.yaml")) {
                entry = item;
            }
        }
        assertThat(entry).as(response.body()).isNotNull();
        assertThat(entry.path("valid").asBoolean(true)).isFalse();
        assertThat(entry.path("source").asText()).endsWith("test-broken.yaml");
        assertThat(entry.path("errors").get(0).path("line").asInt()).isPositive();
        assertThat(entry.path("errors").get(0).path("message").asText()).isNotBlank();
    }

    @Nested
    class Refusals {

        @Test
        void serviceCommandWithAnUndeclaredActionIsRefusedBeforeAnySsh() throws Exception {
            install("bad-action", """
                    - route:
                        id: test-bad-action
                        routeConfigurationId: openai-errors
                        from:
                          uri: platform-http:/api/custom/test-bad-action
                          steps:
                            - setHeader: {name: SparkControlService, constant: kokoro}
                            - setHeader: {name: SparkControlAction, constant: "restart; rm -rf ~"}
                            - to: direct:service-command
                    """);
            cluster.clearRecords();

            HttpResponse<String> response = postJson("/api/custom/test-bad-action", "");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(openAiError(response).path("message").asText()).contains("install, start, stop, restart");
            assertThat(sshCommandsSent()).isEmpty();
        }

        @Test
        void callerCannotChooseTheActionOrTheUpstream() throws Exception {
            install("caller-action", """
                    - route:
                        id: test-caller-action
                        routeConfigurationId: openai-errors
                        from:
                          uri: platform-http:/api/custom/test-caller-action
                          steps:
                            - setHeader: {name: SparkControlService, constant: kokoro}
                            - to: direct:service-command
                    """);
            install("caller-upstream", route("test-caller-upstream", "/v1/test-caller-upstream", null, "direct:proxy-stream"));
            cluster.clearRecords();
            long vllmCalls = vllm.requestCount();

            HttpResponse<String> action = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/custom/test-caller-action"))
                    .header("SparkControlAction", "stop").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> upstream = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/test-caller-upstream"))
                    .header("SparkControlUpstream", vllm.baseUrl() + "/v1/models").GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(action.statusCode()).isEqualTo(400);
            assertThat(openAiError(action).path("code").asText()).isEqualTo("header_not_allowed");
            assertThat(upstream.statusCode()).isEqualTo(400);
            assertThat(openAiError(upstream).path("param").asText()).isEqualTo("SparkControlUpstream");
            assertThat(sshCommandsSent()).isEmpty();
            assertThat(vllm.requestCount()).isEqualTo(vllmCalls);
        }

        @Test
        void bodyThatIsNotJsonIsRefusedAndNothingIsForwarded() throws Exception {
            vllm.beginServing(MODEL, null, 8192);
            install("redact-only", route("test-redact-only", "/v1/test-redact-only", vllm.baseUrl() + "/v1/chat/completions",
                    "direct:proxy-stream", "- to: direct:redact"));
            long before = vllm.requestCount("/v1/chat/completions");

            HttpResponse<String> response = postJson("/v1/test-redact-only", "my card is 4111 1111 1111 1111, not JSON");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(openAiError(response).path("message").asText()).contains("nothing was forwarded");
            assertThat(vllm.requestCount("/v1/chat/completions")).isEqualTo(before);
        }

        @Test
        void routeThatForgetsItsUpstreamAnswersAnEnvelopeNamingTheMistake() throws Exception {
            install("no-upstream", route("test-no-upstream", "/v1/test-no-upstream", null, "direct:proxy-stream"));

            HttpResponse<String> response = postJson("/v1/test-no-upstream", "{}");

            assertThat(response.statusCode()).isEqualTo(500);
            JsonNode error = openAiError(response);
            assertThat(error.path("code").asText()).isEqualTo("route_misconfigured");
            assertThat(error.path("message").asText()).contains("test-no-upstream").contains("SparkControlUpstream");
        }

        @Test
        void uploadThroughARouteWithoutUseStreamingIsRefusedNamingTheFix() throws Exception {
            install("text-only", route("test-text-only", "/v1/test-text-only", parakeet.baseUrl() + "/v1/audio/transcriptions",
                    "direct:proxy-stream").replace("?useStreaming=true", ""));

            HttpResponse<String> response = http.send(Multipart.wavUpload(baseUrl() + "/v1/test-text-only", "parakeet"),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(openAiError(response).path("message").asText()).contains("useStreaming=true");
            assertThat(parakeet.transcriptionCount()).isZero();
        }

        @Test
        void upstreamThatIsDownIsA503WithRetryAfter() throws Exception {
            install("down", route("test-down", "/v1/test-down", "http://127.0.0.1:9/nothing", "direct:proxy-stream"));

            HttpResponse<String> response = postJson("/v1/test-down", "{}");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            openAiError(response);
        }
    }
}
