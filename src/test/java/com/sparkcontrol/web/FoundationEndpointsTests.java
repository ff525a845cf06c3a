package com.sparkcontrol.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.support.SimulatedClusterTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class FoundationEndpointsTests extends SimulatedClusterTest {

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthSaysUpAndListsBothSparks() throws Exception {
        HttpResponse<String> response = get("/api/health");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.path("sparks").path("spark1").path("configured").asBoolean()).isTrue();
        assertThat(body.path("sparks").path("spark2").path("configured").asBoolean()).isTrue();
    }

    @Test
    void endpointsPointAtThisGatewayNeverAtASpark() throws Exception {
        JsonNode body = json.readTree(get("/api/endpoints").body());
        assertThat(body.path("base_url").asText()).isEqualTo(baseUrl() + "/v1");
        for (String service : new String[] {"llm", "stt", "tts", "diarization", "embeddings"}) {
            JsonNode entry = body.path("services").path(service);
            assertThat(entry.path("base_url").asText()).as(service).startsWith(baseUrl());
            assertThat(entry.has("ready")).as(service).isTrue();
        }
    }

    @Test
    void publicKeyComesWithAPasteReadyInstallCommandForEverySpark() throws Exception {
        JsonNode body = json.readTree(get("/api/ssh/public-key").body());
        assertThat(body.path("publicKey").asText()).startsWith("ssh-ed25519 ");
        String command = body.path("installCommand").asText();
        assertThat(command.lines()).hasSize(2).allMatch(line -> line.startsWith("ssh -p "));
        assertThat(command).contains(body.path("publicKey").asText().split(" ")[1]);
    }

    @Test
    void statusCarriesTheDashboardsLinksPart() throws Exception {
        JsonNode links = json.readTree(get("/api/status").body()).path("links");
        assertThat(links.has("openWebui")).isTrue();
        assertThat(links.path("openWebui").isNull()).as("not configured in the tests").isTrue();
    }

    @Test
    void unknownApiPathIsJsonNotAnHtmlPage() throws Exception {
        HttpResponse<String> response = get("/api/no-such-thing");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        assertThat(json.readTree(response.body()).path("error").isTextual()).isTrue();
        assertThat(response.body()).doesNotContain("<html").doesNotContain("Exception");
    }

    @Test
    void forgettingTheHostKeyOfAnUnknownSparkIs404() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/ssh/known-hosts/spark9;id"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isIn(400, 404);
        // only the background health poll's gatherer may have reached a Spark meanwhile
        assertThat(cluster.execs()).allMatch(e -> e.commandLine().contains("spark-control-health"));
    }
}
