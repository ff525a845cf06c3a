package com.sparkcontrol.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.sim.RecordedExec;
import com.sparkcontrol.support.SimulatedClusterTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The health endpoints over HTTP: status, deep probe, health events, Prometheus. */
class HealthApiTests extends SimulatedClusterTest {

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postEvent(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/health-event")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Commands other than the health poll's gatherer: what a request could have caused on a Spark. */
    List<RecordedExec> nonPollExecs() {
        return cluster.execs().stream().filter(e -> !e.commandLine().contains("### meminfo")).toList();
    }

    static String source() {
        return "test-" + UUID.randomUUID();
    }

    @Test
    void statusComposesEveryPart() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = json.readTree(get("/api/status").body());
            assertThat(status.has("at")).isTrue();
            assertThat(status.path("sparks").path("spark1").path("reachable").asBoolean()).isTrue();
            assertThat(status.path("sparks").path("spark2").path("memoryTotalBytes").asLong()).isPositive();
            assertThat(status.path("backends").has("llm")).isTrue();
            assertThat(status.path("connectivity").path("transitions").isArray()).isTrue();
        });
    }

    @Test
    void deepHealthProbesEveryBackendNowWithTimings() throws Exception {
        HttpResponse<String> response = get("/api/health/deep");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("backends").fieldNames()).toIterable().containsExactly("llm", "stt", "tts", "diarization", "embeddings");
        JsonNode llm = body.path("backends").path("llm");
        assertThat(llm.path("checks").get(0).path("path").asText()).isEqualTo("/health");
        assertThat(llm.path("checks").get(0).has("millis")).isTrue();
        assertThat(body.path("sparks").has("spark2")).isTrue();
    }

    @Test
    void prometheusExposesThePollSeries() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String text = get("/actuator/prometheus").body();
            assertThat(text).contains("sparkcontrol_poll_duration_seconds_count{spark=\"spark1\"}")
                    .contains("sparkcontrol_spark_memory_total_bytes{spark=\"spark2\"}")
                    .contains("sparkcontrol_spark_gpu_temperature_celsius{spark=\"spark1\"}")
                    .contains("sparkcontrol_spark_cpu_percent{spark=\"spark1\"}")
                    .contains("sparkcontrol_backend_up{backend=\"llm\"}")
                    .contains("sparkcontrol_spark_up{spark=\"spark2\"} 1.0");
        });
    }

    @Test
    void aHealthEventIsRecordedAndShown() throws Exception {
        String source = source();
        HttpResponse<String> response = postEvent("{\"source\":\"" + source + "\",\"service\":\"llm\",\"detail\":\"502 from vLLM\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode connectivity = json.readTree(get("/api/connectivity").body());
        assertThat(connectivity.path("reports").findValuesAsText("source")).contains(source);
        JsonNode status = json.readTree(get("/api/status").body());
        assertThat(status.path("connectivity").path("reports").get(0).path("source").asText()).isEqualTo(source);
    }

    @Test
    void aSourceSendingTooManyEventsIsToldWhenToComeBack() throws Exception {
        String source = source();
        String body = "{\"source\":\"" + source + "\",\"service\":\"tts\"}";
        HttpResponse<String> last = null;
        for (int i = 0; i < 20 && (last == null || last.statusCode() == 202); i++) {
            last = postEvent(body);
        }

        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).get().satisfies(s -> assertThat(Integer.parseInt(s)).isPositive());
        assertThat(json.readTree(last.body()).path("error").asText()).isEqualTo("too many health events");
    }

    @Nested
    class MalformedHealthEvents {

        void assertRefused(HttpResponse<String> response, int status) throws Exception {
            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(response.headers().firstValue("Content-Type")).get().asString().contains("application/json");
            assertThat(json.readTree(response.body()).path("error").asText()).isNotBlank();
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("<html");
            assertThat(nonPollExecs()).isEmpty();
        }

        @Test
        void notJson() throws Exception {
            assertRefused(postEvent("source=x&service=y"), 400);
        }

        @Test
        void missingService() throws Exception {
            assertRefused(postEvent("{\"source\":\"" + source() + "\"}"), 400);
        }

        @Test
        void serviceAsAnObject() throws Exception {
            assertRefused(postEvent("{\"source\":\"a\",\"service\":{\"x\":1}}"), 400);
        }

        @Test
        void shellInTheServiceName() throws Exception {
            assertRefused(postEvent("{\"source\":\"a\",\"service\":\"$(reboot)\"}"), 400);
        }

        @Test
        void escapeSequencesInTheSource() throws Exception {
            assertRefused(postEvent("{\"source\":\"a\\u001b[2J\",\"service\":\"llm\"}"), 400);
        }

        @Test
        void hugeDetail() throws Exception {
            assertRefused(postEvent("{\"source\":\"a\",\"service\":\"llm\",\"detail\":\"" + "x".repeat(10_000) + "\"}"), 400);
        }
    }
}
