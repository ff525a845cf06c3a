package com.sparkcontrol.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.config.DataDirectory;
import com.sparkcontrol.sim.RecordedCommand;
import com.sparkcontrol.support.SimulatedClusterTest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A custom service from {@code services-overrides.yaml}: it appears with health without a restart, its lifecycle
 * sends exactly what its entry declares to the simulated Spark, and its gateway prefix streams. The service
 * itself is a small HTTP server started here, on the port the entry publishes on spark2 (127.0.0.1).
 */
class CustomServiceTests extends SimulatedClusterTest {

    final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    DataDirectory data;

    @Autowired
    ServiceCatalog catalog;

    @Autowired
    ObjectMapper json;

    HttpServer ticker;
    /** Released by a test once its client has read the first event; the stand-in sends the rest only then. */
    final CountDownLatch firstEventSeen = new CountDownLatch(1);
    final AtomicReference<String> lastAuthorization = new AtomicReference<>("unset");
    int stamp = 1;

    @BeforeEach
    void startTheService() throws IOException {
        ticker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ticker.createContext("/health", x -> send(x, 200, "text/plain", "ok"));
        ticker.createContext("/v1/ticker/stream", this::stream);
        ticker.createContext("/v1/ticker/echo", x -> {
            lastAuthorization.set(x.getRequestHeaders().getFirst("Authorization"));
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            send(x, 201, "application/json", "{\"method\":\"" + x.getRequestMethod() + "\",\"query\":\"" + x.getRequestURI().getRawQuery()
                    + "\",\"body\":" + json.writeValueAsString(body) + ",\"tag\":\"" + x.getRequestHeaders().getFirst("X-Tag") + "\"}");
        });
        ticker.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        ticker.start();
    }

    @AfterEach
    void removeTheEntryAndStopTheService() throws IOException {
        Files.deleteIfExists(overridesFile());
        catalog.reloadIfChanged();
        awaitGone("ticker");
        ticker.stop(0);
    }

    /** Server-sent events: one event, then (once the client has read it) a second and [DONE]. */
    void stream(HttpExchange x) throws IOException {
        x.getResponseHeaders().add("Content-Type", "text/event-stream");
        x.sendResponseHeaders(200, 0);
        try (OutputStream out = x.getResponseBody()) {
            out.write("data: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (!firstEventSeen.await(20, TimeUnit.SECONDS)) {
                out.write("data: {\"error\":\"the client never saw the first event before the stream ended\"}\n\n".getBytes(StandardCharsets.UTF_8));
            }
            out.write("data: {\"n\":2}\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    Path overridesFile() {
        return data.resolve(ServiceCatalog.OVERRIDES_FILE);
    }

    void writeOverrides(String yaml) throws IOException {
        Files.writeString(overridesFile(), yaml);
        // the reload polls modification time and size: make each write visible even within one clock tick
        Files.setLastModifiedTime(overridesFile(), FileTime.from(Instant.now().plusSeconds(stamp++)));
    }

    String tickerEntry() {
        return """
                services:
                  ticker:
                    description: a streaming test service
                    spark: spark2
                    image: example/ticker:1
                    ports: ["%d:8000"]
                    args: ["--verbose"]
                    env:
                      MODE: demo
                    health: /health
                    prefix: /v1/ticker
                """.formatted(ticker.getAddress().getPort());
    }

    JsonNode services() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/services")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    JsonNode item(String name) throws Exception {
        for (JsonNode s : services()) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        return null;
    }

    void awaitGone(String name) {
        await().atMost(Duration.ofSeconds(15)).until(() -> item(name) == null);
    }

    JsonNode awaitItem(String name) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> item(name), java.util.Objects::nonNull);
    }

    HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode act(String service, String action) throws Exception {
        HttpResponse<String> response = post("/api/services/" + service + "/" + action);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return await().atMost(Duration.ofSeconds(60)).until(() -> json.readTree(http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/api/services/" + service + "/last-action")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()),
                a -> !a.path("result").asText().equals("running"));
    }

    List<String> dockerChanges() {
        return cluster.commands().stream()
                .filter(c -> c.node().equals("spark2") && c.program().equals("docker") && !c.argv().get(0).equals("ps"))
                .map(RecordedCommand::line).toList();
    }

    @Test
    void appearsWithItsHealthWithoutARestart() throws Exception {
        writeOverrides(tickerEntry());

        JsonNode item = awaitItem("ticker");

        assertThat(item.path("builtIn").asBoolean()).isFalse();
        assertThat(item.path("valid").asBoolean()).isTrue();
        assertThat(item.path("node").asText()).isEqualTo("spark2");
        assertThat(item.path("gatewayPrefix").asText()).isEqualTo("/v1/ticker");
        assertThat(item.path("actions")).extracting(JsonNode::asText).containsExactly("install", "start", "stop", "restart", "remove");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(item("ticker").path("health").path("ok").asBoolean()).isTrue());
        assertThat(catalog.customPrefixes()).containsEntry("/v1/ticker", "http://127.0.0.1:" + ticker.getAddress().getPort() + "/v1/ticker");
    }

    @Test
    void itsLifecycleSendsExactlyTheDeclaredCommands() throws Exception {
        writeOverrides(tickerEntry());
        awaitItem("ticker");
        int port = ticker.getAddress().getPort();

        assertThat(act("ticker", "install").path("result").asText()).isEqualTo("succeeded");
        assertThat(act("ticker", "stop").path("result").asText()).isEqualTo("succeeded");
        assertThat(act("ticker", "start").path("result").asText()).isEqualTo("succeeded");
        assertThat(act("ticker", "restart").path("result").asText()).isEqualTo("succeeded");
        assertThat(act("ticker", "remove").path("result").asText()).isEqualTo("succeeded");

        assertThat(dockerChanges()).containsExactly(
                "docker pull example/ticker:1",
                "docker run -d --name ticker --restart unless-stopped -p " + port + ":8000 -e MODE=demo example/ticker:1 --verbose",
                "docker stop ticker",
                "docker start ticker",
                "docker restart ticker",
                "docker rm -f ticker");
    }

    @Test
    void itsGatewayPrefixStreamsEventByEvent() throws Exception {
        writeOverrides(tickerEntry());
        awaitItem("ticker");

        HttpResponse<InputStream> response = await().atMost(Duration.ofSeconds(15)).until(() -> http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/ticker/stream")).build(), HttpResponse.BodyHandlers.ofInputStream()),
                r -> r.statusCode() == 200 || drain(r));

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            // the stand-in holds back the rest until this line has arrived: it can only arrive if nothing buffers
            assertThat(lines.readLine()).isEqualTo("data: {\"n\":1}");
            firstEventSeen.countDown();
            assertThat(lines.lines().filter(l -> !l.isEmpty()).toList()).containsExactly("data: {\"n\":2}", "data: [DONE]");
        }
    }

    /** A 404 while the prefix's route is being added: discard it and try again. */
    static boolean drain(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            body.readAllBytes();
        } catch (IOException ignored) {
            // nothing to keep
        }
        return false;
    }

    @Test
    void requestsKeepMethodBodyQueryAndHeadersButNotTheCallersAuthorization() throws Exception {
        writeOverrides(tickerEntry());
        awaitItem("ticker");

        HttpResponse<String> response = await().atMost(Duration.ofSeconds(15)).until(() -> http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/ticker/echo?x=1&y=two"))
                        .header("X-Tag", "t1").header("Authorization", "Bearer for-spark-control")
                        .POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
                HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() != 404);

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode echo = json.readTree(response.body());
        assertThat(echo.path("method").asText()).isEqualTo("POST");
        assertThat(echo.path("query").asText()).isEqualTo("x=1&y=two");
        assertThat(echo.path("body").asText()).isEqualTo("hello");
        assertThat(echo.path("tag").asText()).isEqualTo("t1");
        assertThat(lastAuthorization.get()).isNull();
    }

    @Nested
    class Failures {

        @Test
        void aServiceThatDoesNotAnswerIs503WithAnOpenAiError() throws Exception {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            writeOverrides(tickerEntry().replace(ticker.getAddress().getPort() + ":8000", closedPort + ":8000"));
            awaitItem("ticker");

            HttpResponse<String> response = await().atMost(Duration.ofSeconds(15)).until(() -> http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/ticker/stream")).build(), HttpResponse.BodyHandlers.ofString()),
                    r -> r.statusCode() != 404);

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(json.readTree(response.body()).path("error").path("message").asText()).contains("ticker").contains("not answering");
        }

        @Test
        void aBadEntryIsListedWithItsFieldWhileTheGoodOneLoads() throws Exception {
            writeOverrides(tickerEntry() + """
                      broken:
                        image: example/broken:1
                        ports: ["8093:80"]
                        prefix: /v1/chat/mine
                        env:
                          OPENAI_API_KEY: sk-live-0123456789abcdef
                    """);

            JsonNode broken = awaitItem("broken");

            assertThat(broken.path("valid").asBoolean()).isFalse();
            assertThat(broken.path("errors")).extracting(e -> e.path("field").asText())
                    .containsExactlyInAnyOrder("services.broken.prefix", "services.broken.env.OPENAI_API_KEY");
            assertThat(broken.toString()).doesNotContain("sk-live-0123456789abcdef");
            assertThat(item("ticker").path("valid").asBoolean()).isTrue();
            HttpResponse<String> refused = post("/api/services/broken/install");
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(dockerChanges()).isEmpty();
        }

        @Test
        void aRequiredSecretThatIsNotSetRefusesTheInstallBeforeAnySsh() throws Exception {
            // an environment variable nobody sets (the shared test context sets the HF token and NGC key)
            writeOverrides(tickerEntry().replace("MODE: demo", "MODE: demo\n      TICKER_TOKEN: ${env:SPARK_CONTROL_TEST_NEVER_SET}"));
            awaitItem("ticker");

            HttpResponse<String> response = post("/api/services/ticker/install");

            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(json.readTree(response.body()).path("detail").asText()).contains("SPARK_CONTROL_TEST_NEVER_SET");
            assertThat(dockerChanges()).isEmpty();
        }

        @Test
        void removingTheEntryRemovesItsRoute() throws Exception {
            writeOverrides(tickerEntry());
            awaitItem("ticker");
            await().atMost(Duration.ofSeconds(15)).until(() -> http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/ticker/echo")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 201);

            Files.delete(overridesFile());

            await().atMost(Duration.ofSeconds(15)).until(() -> http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/ticker/echo")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() != 201);
            assertThat(item("ticker")).isNull();
        }
    }
}
