package com.sparkcontrol.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.sim.RecordedExec;
import com.sparkcontrol.support.SimulatedClusterTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Integration tests of operator route files: each test writes its {@code test-*.yaml} into the app's routes
 * folder and loads it at once (no waiting for the watcher); every such file is removed, and its routes
 * unloaded, after the test.
 */
abstract class RouteFileTest extends SimulatedClusterTest {

    @Autowired
    OperatorRoutes operatorRoutes;

    @Autowired
    ObjectMapper json;

    final HttpClient http = HttpClient.newHttpClient();

    static Path folder() throws IOException {
        return Files.createDirectories(ROOT.resolve("routes"));
    }

    @AfterEach
    void removeTestFiles() throws IOException {
        try (var files = Files.list(folder())) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("test-")).toList()) {
                Files.delete(f);
            }
        }
        operatorRoutes.scan();
    }

    /** Writes {@code test-<name>.yaml} and loads it; fails when it did not load. */
    void install(String name, String yaml) throws IOException {
        Path file = folder().resolve("test-" + name + ".yaml");
        Files.writeString(file, yaml);
        operatorRoutes.scan();
        assertThat(operatorRoutes.files()).as("route files").anySatisfy(state -> {
            assertThat(state.file()).isEqualTo(file.toAbsolutePath().normalize().toString());
            assertThat(state.error()).as("load error").isNull();
        });
    }

    /** A bundled example exactly as shipped (from the jar's {@code routes-examples/}), loaded as {@code test-<name>.yaml}. */
    void installExample(String example) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/routes-examples/" + example + ".yaml")) {
            assertThat(in).as("bundled example " + example).isNotNull();
            install(example, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Every SSH command the Sparks received, except the health poll's own gatherer (it runs every few seconds). */
    List<String> sshCommandsSent() {
        return cluster.execs().stream().map(RecordedExec::commandLine).filter(line -> !line.contains("### meminfo")).toList();
    }

    HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The OpenAI envelope's {@code error} object, after checking the answer is one (JSON, no stack trace). */
    JsonNode openAiError(HttpResponse<String> response) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode error = json.readTree(response.body()).path("error");
        assertThat(error.path("message").asText()).as(response.body()).isNotBlank();
        assertThat(error.has("type")).isTrue();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return error;
    }
}
