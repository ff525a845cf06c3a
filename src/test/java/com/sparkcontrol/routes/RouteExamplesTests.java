package com.sparkcontrol.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sparkcontrol.config.BackendUrls.Backend;
import com.sparkcontrol.gateway.BackendReadiness;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The bundled examples, loaded exactly as shipped, against the simulated Sparks. */
class RouteExamplesTests extends RouteFileTest {

    static final String WHISPER_URL = "spark-control.routes.values.whisper-url";
    static final String SMOKE_INTERVAL = "spark-control.routes.values.smoke-test-interval-ms";

    @Autowired
    MeterRegistry meters;

    @Autowired
    BackendReadiness readiness;

    @Autowired
    CamelContext camel;

    @AfterEach
    void clearValues() {
        System.clearProperty(WHISPER_URL);
        System.clearProperty(SMOKE_INTERVAL);
    }

    @Test
    void rerankExampleAnswersThroughTeiOnTheEmbeddingsService() throws Exception {
        installExample("rerank");

        HttpResponse<String> response = postJson("/v1/rerank",
                "{\"query\": \"deep learning with neural networks\", \"texts\": [\"cheese is made of milk\", \"deep learning with neural networks\"]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode ranked = json.readTree(response.body());
        assertThat(ranked).hasSize(2);
        assertThat(ranked.get(0).path("index").asInt()).isEqualTo(1);
        assertThat(ranked.get(0).path("score").asDouble()).isGreaterThan(ranked.get(1).path("score").asDouble());
        assertThat(embeddings.requestCount("/rerank")).isEqualTo(1);
    }

    @Test
    void whisperExampleSendsTheUploadToTheConfiguredServer() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer whisper = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        whisper.createContext("/", exchange -> {
            byte[] upload = exchange.getRequestBody().readAllBytes();
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " " + new String(upload, StandardCharsets.ISO_8859_1).contains("RIFF"));
            byte[] answer = "{\"text\": \"Good morning everyone\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        whisper.start();
        try {
            System.setProperty(WHISPER_URL, "http://127.0.0.1:" + whisper.getAddress().getPort());
            installExample("whisper-translations");

            HttpResponse<String> response = http.send(Multipart.wavUpload(baseUrl() + "/v1/audio/translations", "whisper-1"),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json.readTree(response.body()).path("text").asText()).isEqualTo("Good morning everyone");
            assertThat(seen).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("POST /v1/audio/translations multipart/form-data; boundary=").endsWith(" true"));
        } finally {
            whisper.stop(0);
        }
    }

    @Test
    void whisperExampleWithoutAWhisperServiceAnswersWhatToConfigure() throws Exception {
        installExample("whisper-translations");

        HttpResponse<String> response = http.send(Multipart.wavUpload(baseUrl() + "/v1/audio/translations", "whisper-1"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(openAiError(response).path("message").asText()).contains("whisper").contains("services-overrides.yaml");
    }

    @Test
    void smokeTestRecordsTheLatencyOfTheLoadedModel() throws Exception {
        vllm.beginServing("Qwen/Qwen3-0.6B", null, 8192);
        vllm.setTokenInterval(Duration.ZERO);
        readiness.refresh(Backend.LLM);
        double before = smokeTimerCount("success");
        System.setProperty(SMOKE_INTERVAL, "300");

        installExample("smoke-test");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(smokeTimerCount("success")).isGreaterThan(before));
        assertThat(vllm.requestCount("/v1/chat/completions")).isPositive();
        assertThat(meters.find("sparkcontrol.smoke.test").tag("route", "smoke-test").timer()).isNotNull();
        assertThat(get("/actuator/prometheus").body())
                .contains("sparkcontrol_smoke_test_seconds_count{outcome=\"success\",route=\"smoke-test\"}");
    }

    @Test
    void smokeTestIsSkippedWhenNoModelIsLoaded() throws Exception {
        vllm.endServing();
        try {
            readiness.refresh(Backend.LLM);
            double before = smokeTimerCount("success") + smokeTimerCount("failure");
            NotifyBuilder twoRuns = new NotifyBuilder(camel).fromRoute("smoke-test").whenDone(2).create();
            System.setProperty(SMOKE_INTERVAL, "300");

            installExample("smoke-test");

            assertThat(twoRuns.matches(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(smokeTimerCount("success") + smokeTimerCount("failure")).isEqualTo(before);
            assertThat(vllm.requestCount("/v1/chat/completions")).isZero();
        } finally {
            vllm.up();
            readiness.refresh(Backend.LLM);
        }
    }

    double smokeTimerCount(String outcome) {
        Timer timer = meters.find("sparkcontrol.smoke.test").tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
