package com.sparkcontrol.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sparkcontrol.config.BackendUrls;
import com.sparkcontrol.gateway.GatewayRequest;
import com.sparkcontrol.gateway.OpenAiFailure;
import com.sparkcontrol.gateway.UpstreamStreamer;
import com.sparkcontrol.sim.backends.FakeVllm;
import com.sparkcontrol.support.SimulatedClusterTest;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The redaction gateway end to end: a real client on {@code /redact/v1}, the app, and the simulated vLLM (which
 * answers by echoing the last user message, placeholders included) and TEI. What the fakes received is checked
 * for PII; what the client got back is checked for the original values.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedactionGatewayTests extends SimulatedClusterTest {

    static final String MODEL = "qwen-test";
    static final String EMAIL = "jane.doe@example.com";
    static final String PHONE = "+49 30 12345678";
    static final String IBAN = "DE89370400440532013000";
    static final String CARD = "4111 1111 1111 1111";
    static final String CHAT = "/v1/chat/completions";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();

    @Autowired
    MeterRegistry registry;

    @BeforeEach
    void llmServing() {
        vllm.beginServing("Qwen/Qwen3.6-35B-A3B-FP8", MODEL, 32768);
    }

    @AfterEach
    void llmStopped() { // the shared simulator starts every other test class with no LLM loaded
        vllm.endServing();
    }

    // ---- fixtures --------------------------------------------------------------------------------------------

    /** A chat whose last user message, in content parts, is {@code words}; PII also in system, tool call and tools. */
    ObjectNode chatWithPiiEverywhere(String lastUserText) {
        ObjectNode body = json.createObjectNode().put("model", MODEL);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", "Escalations go to " + PHONE + ".");
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        assistant.putNull("content");
        ObjectNode call = assistant.putArray("tool_calls").addObject().put("id", "call_1").put("type", "function");
        call.putObject("function").put("name", "refund").put("arguments", "{\"iban\":\"" + IBAN + "\",\"card\":\"" + CARD + "\"}");
        messages.addObject().put("role", "tool").put("tool_call_id", "call_1").put("content", "refunded to " + IBAN);
        ArrayNode parts = messages.addObject().put("role", "user").putArray("content");
        parts.addObject().put("type", "text").put("text", lastUserText);
        ObjectNode tool = body.putArray("tools").addObject().put("type", "function");
        tool.putObject("function").put("name", "refund").put("description", "Refunds; questions to " + EMAIL);
        body.put("max_tokens", 6); // the words of the scrubbed last user message, which the fake vLLM echoes
        return body;
    }

    ObjectNode chat(String userText) {
        ObjectNode body = json.createObjectNode().put("model", MODEL);
        body.putArray("messages").addObject().put("role", "user").put("content", userText);
        body.put("max_tokens", userText.split("\\s+").length);
        return body;
    }

    HttpResponse<String> post(String path, Object body, String... headers) throws Exception {
        return post(path, json.writeValueAsString(body), headers);
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    /** The data lines of a streamed answer, in order, [DONE] included. */
    List<String> streamed(String path, Object body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(json.writeValueAsString(body)));
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<Stream<String>> response = http.send(request.build(), BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        try (Stream<String> lines = response.body()) {
            return lines.filter(l -> l.startsWith("data:")).map(l -> l.substring(5).strip()).toList();
        }
    }

    /** The concatenated delta.content of a chat stream's data lines. */
    String content(List<String> data) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String line : data) {
            if (!line.equals("[DONE]")) {
                JsonNode event = json.readTree(line);
                text.append(event.at("/choices/0/delta/content").asText(""));
                text.append(event.at("/choices/0/text").asText(""));
            }
        }
        return text.toString();
    }

    String sentToVllm() {
        return vllm.lastRequestBody(CHAT).orElseThrow();
    }

    static void assertNoPii(String text) {
        assertThat(text).doesNotContain(EMAIL, PHONE, IBAN, CARD, "jane.doe", "12345678", "0532013000", "1111 1111");
    }

    // ---- the happy paths --------------------------------------------------------------------------------------

    @Test
    void chatLeavesWithoutPiiInStringOrPartContentsToolCallsAndToolsAndComesBackRestored(CapturedOutput log) throws Exception {
        HttpResponse<String> response = post("/redact" + CHAT, chatWithPiiEverywhere("Please mail " + EMAIL + " or call " + PHONE));

        assertThat(response.statusCode()).isEqualTo(200);
        String sent = sentToVllm();
        assertNoPii(sent);
        JsonNode upstream = json.readTree(sent);
        assertThat(upstream.at("/messages/0/content").asText()).isEqualTo("Escalations go to <PHONE_NUMBER_1>.");
        assertThat(json.readTree(upstream.at("/messages/1/tool_calls/0/function/arguments").asText()))
                .isEqualTo(json.readTree("{\"iban\":\"<IBAN_CODE_1>\",\"card\":\"<CREDIT_CARD_1>\"}"));
        assertThat(upstream.at("/messages/2/content").asText()).isEqualTo("refunded to <IBAN_CODE_1>");
        assertThat(upstream.at("/messages/3/content/0/text").asText()).isEqualTo("Please mail <EMAIL_ADDRESS_1> or call <PHONE_NUMBER_1>");
        assertThat(upstream.at("/tools/0/function/description").asText()).isEqualTo("Refunds; questions to <EMAIL_ADDRESS_1>");
        assertThat(upstream.path("model").asText()).isEqualTo(MODEL);

        JsonNode answer = json.readTree(response.body());
        assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo("Please mail " + EMAIL + " or call " + PHONE);
        assertThat(log.getOut()).contains("redaction-gateway-chat: redacted=7")
                .contains("EMAIL_ADDRESS=2", "PHONE_NUMBER=2", "IBAN_CODE=2", "CREDIT_CARD=1");
        assertNoPii(log.getOut());
    }

    @Test
    void aStreamedAnswerIsRestoredEventByEvent() throws Exception {
        ObjectNode body = chat("write to " + EMAIL + " and " + EMAIL + " today").put("stream", true);
        List<String> data = streamed("/redact" + CHAT, body);

        assertNoPii(sentToVllm());
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        assertThat(content(data)).isEqualTo("write to " + EMAIL + " and " + EMAIL + " today");
        assertThat(String.join("\n", data)).doesNotContain("<EMAIL_ADDRESS_1>");
        assertThat(data.size()).as("one event per token plus role, finish and [DONE]").isEqualTo(6 + 3);
    }

    @Test
    void restoreFalseKeepsThePlaceholdersInTheAnswerAndTheStream() throws Exception {
        HttpResponse<String> whole = post("/redact" + CHAT, chat("mail " + EMAIL), "X-Redaction-Restore", "false");
        assertThat(json.readTree(whole.body()).at("/choices/0/message/content").asText()).isEqualTo("mail <EMAIL_ADDRESS_1>");

        List<String> data = streamed("/redact" + CHAT, chat("mail " + EMAIL).put("stream", true), "X-Redaction-Restore", "FALSE");
        assertThat(content(data)).isEqualTo("mail <EMAIL_ADDRESS_1>");
    }

    @Test
    void completionsScrubThePromptAndRestoreTheText() throws Exception {
        ObjectNode body = json.createObjectNode().put("model", MODEL).put("prompt", "IBAN " + IBAN + " belongs to " + EMAIL)
                .put("max_tokens", 5);
        HttpResponse<String> response = post("/redact/v1/completions", body);

        assertThat(response.statusCode()).isEqualTo(200);
        String sent = vllm.lastRequestBody("/v1/completions").orElseThrow();
        assertNoPii(sent);
        assertThat(json.readTree(sent).path("prompt").asText()).isEqualTo("IBAN <IBAN_CODE_1> belongs to <EMAIL_ADDRESS_1>");
        assertThat(json.readTree(response.body()).at("/choices/0/text").asText()).isEqualTo("IBAN " + IBAN + " belongs to " + EMAIL);

        List<String> data = streamed("/redact/v1/completions", body.put("stream", true));
        assertThat(content(data)).isEqualTo("IBAN " + IBAN + " belongs to " + EMAIL);
    }

    @Test
    void aBodyWithoutPiiIsForwardedByteForByte() throws Exception {
        String body = "{ \"messages\" : [ {\"role\":\"user\",   \"content\":\"Gr\\u00fc\\u00dfe, order 2024-118273, v1.2.3.4\"} ],"
                + "\n  \"model\":\"" + MODEL + "\", \"temperature\": 0.70, \"max_tokens\": 3 }";
        HttpResponse<String> response = post("/redact" + CHAT, body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sentToVllm()).isEqualTo(body);
        assertThat(json.readTree(response.body()).at("/choices/0/message/content").asText()).isEqualTo("Grüße, order 2024-118273,");
    }

    @Test
    void embeddingsInputIsScrubbedBeforeItReachesTheEmbeddingsService() throws Exception {
        ObjectNode body = json.createObjectNode().put("model", "bge");
        body.putArray("input").add("contact " + EMAIL).add("no personal data here");
        HttpResponse<String> response = post("/redact/v1/embeddings", body);

        assertThat(response.statusCode()).isEqualTo(200);
        String sent = embeddings.lastRequestBody("/v1/embeddings").orElseThrow();
        assertNoPii(sent);
        assertThat(json.readTree(sent).path("input")).isEqualTo(json.readTree("[\"contact <EMAIL_ADDRESS_1>\",\"no personal data here\"]"));
        JsonNode answer = json.readTree(response.body());
        assertThat(answer.path("data")).hasSize(2);
        assertThat(answer.at("/data/0/embedding")).hasSize(embeddings.dimension());
        assertThat(answer.at("/data/0/embedding/0").floatValue()).isEqualTo(embeddings.vectorFor("contact <EMAIL_ADDRESS_1>")[0]);
        assertThat(embeddingsPin.current()).as("the embeddings route pinned it").isPresent();
    }

    @Test
    void countsPerEntityTypeGoToTheMetricsNeverTheValues() throws Exception {
        double before = registry.counter("sparkcontrol.redaction.entities", "type", "EMAIL_ADDRESS").count();
        post("/redact" + CHAT, chat("a " + EMAIL + " b " + EMAIL + " c other." + EMAIL));

        assertThat(registry.counter("sparkcontrol.redaction.entities", "type", "EMAIL_ADDRESS").count()).isEqualTo(before + 3);
        assertThat(registry.find(RedactionStats.METRIC).meters()).isNotEmpty().allSatisfy(meter ->
                assertThat(meter.getId().getTags()).extracting(Tag::getKey).containsExactly("type"));

        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RedactionSession session = Redactor.withAllDetectors().newSession();
        session.redact("mail " + EMAIL);
        session.stats().publish(prometheus);
        assertThat(prometheus.scrape()).contains("sparkcontrol_redaction_entities_total{type=\"EMAIL_ADDRESS\"} 1.0");
        assertNoPii(prometheus.scrape());
    }

    // ---- /api/redact ------------------------------------------------------------------------------------------

    @Test
    void apiRedactReturnsTheRedactedTextAndEachEntityWithItsOffsetsInIt() throws Exception {
        String text = "Mail " + EMAIL + ", call " + PHONE + ", mail " + EMAIL + " again — 🙂 ok";
        HttpResponse<String> response = post("/api/redact", Map.of("text", text));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        String redacted = body.path("text").asText();
        assertThat(redacted).isEqualTo("Mail <EMAIL_ADDRESS_1>, call <PHONE_NUMBER_1>, mail <EMAIL_ADDRESS_1> again — 🙂 ok");
        assertThat(body.path("entities")).hasSize(3);
        for (JsonNode entity : body.path("entities")) {
            assertThat(redacted.substring(entity.path("start").asInt(), entity.path("end").asInt()))
                    .isEqualTo(entity.path("placeholder").asText())
                    .startsWith("<" + entity.path("type").asText() + "_");
        }
        assertThat(body.at("/entities/1/type").asText()).isEqualTo("PHONE_NUMBER");
        assertThat(post("/api/redact", Map.of("text", "nothing personal")).body())
                .isEqualTo("{\"text\":\"nothing personal\",\"entities\":[]}");
    }

    // ---- failures -----------------------------------------------------------------------------------------------

    @Nested
    class FailClosed {

        @Test
        void aDetectorThatThrowsMeansNoUpstreamCallAndAnOpenAiError(CapturedOutput log) throws Exception {
            HttpResponse<String> response = post("/redact" + CHAT,
                    chat("mail " + EMAIL + " " + FailingDetector.TRIGGER));

            assertThat(response.statusCode()).isEqualTo(500);
            JsonNode error = json.readTree(response.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("redaction_failed");
            assertThat(error.path("type").asText()).isEqualTo("server_error");
            assertThat(vllm.requestCount(CHAT)).as("not one byte forwarded").isZero();
            assertThat(vllm.lastRequestBody(CHAT)).isEmpty();
            assertNoPii(response.body());
            assertThat(log.getOut()).contains("redaction-gateway-chat: scrubbing failed (DETECTOR_FAILED");
            assertNoPii(log.getOut());
            assertThat(log.getOut()).doesNotContain(FailingDetector.TRIGGER);
        }

        @Test
        void aStreamedRequestFailsClosedToo() throws Exception {
            HttpResponse<String> response = post("/redact" + CHAT, chat(FailingDetector.TRIGGER + " " + EMAIL).put("stream", true));
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(json.readTree(response.body()).at("/error/code").asText()).isEqualTo("redaction_failed");
            assertThat(vllm.requestCount(CHAT)).isZero();
        }

        @Test
        void embeddingsAndApiRedactFailClosedToo() throws Exception {
            HttpResponse<String> embedding = post("/redact/v1/embeddings", Map.of("input", FailingDetector.TRIGGER + " " + EMAIL));
            assertThat(embedding.statusCode()).isEqualTo(500);
            assertThat(embeddings.requestCount("/v1/embeddings")).isZero();

            HttpResponse<String> api = post("/api/redact", Map.of("text", FailingDetector.TRIGGER + " " + EMAIL));
            assertThat(api.statusCode()).isEqualTo(500);
            assertThat(json.readTree(api.body()).path("error").asText()).isEqualTo("redaction failed");
            assertNoPii(api.body());
        }
    }

    @Nested
    class BadInput {

        void refusedWithNothingForwarded(HttpResponse<String> response, int status) throws Exception {
            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
            JsonNode error = json.readTree(response.body()).path("error");
            assertThat(error.path("message").isTextual()).isTrue();
            assertThat(error.has("type")).isTrue();
            assertThat(response.body()).doesNotContain("Exception", "<html");
            assertThat(vllm.requestCount(CHAT) + vllm.requestCount("/v1/completions")).isZero();
            assertThat(embeddings.requestCount("/v1/embeddings")).isZero();
        }

        @Test
        void bodiesThatAreNotJsonObjectsAre400() throws Exception {
            refusedWithNothingForwarded(post("/redact" + CHAT, "{\"messages\": [ " + EMAIL), 400);
            refusedWithNothingForwarded(post("/redact" + CHAT, "[1, 2]"), 400);
            refusedWithNothingForwarded(post("/redact" + CHAT, ""), 400);
            refusedWithNothingForwarded(post("/redact/v1/completions", "{\"model\":\"x\"}"), 400);
            refusedWithNothingForwarded(post("/redact/v1/embeddings", "{\"input\":null}"), 400);
        }

        @Test
        void aWrongContentTypeIs415AndAWrongMethod405() throws Exception {
            HttpResponse<String> text = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/redact" + CHAT))
                    .header("Content-Type", "text/plain").POST(BodyPublishers.ofString("{\"messages\":[]}")).build(), BodyHandlers.ofString());
            refusedWithNothingForwarded(text, 415);
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/redact" + CHAT)).GET().build(),
                    BodyHandlers.ofString());
            refusedWithNothingForwarded(get, 405);
        }

        @Test
        void otherPathsBelowRedactV1Are404WithTheOpenAiEnvelope() throws Exception {
            HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/redact/v1/models")).GET().build(),
                    BodyHandlers.ofString());
            refusedWithNothingForwarded(models, 404);
            assertThat(json.readTree(models.body()).at("/error/type").asText()).isEqualTo("not_found_error");
        }

        @Test
        void anUnknownRestoreSwitchIs400() throws Exception {
            refusedWithNothingForwarded(post("/redact" + CHAT, chat("hi " + EMAIL), "X-Redaction-Restore", "sometimes"), 400);
        }

        @Test
        void bodiesOverTheLimitAre413WithOrWithoutAContentLength() throws Exception {
            long limit = RedactionProperties.DEFAULT_MAX_BODY_SIZE.toBytes();
            try (Socket socket = new Socket("127.0.0.1", port)) { // announces a huge body and sends one byte of it
                socket.getOutputStream().write(("POST /redact/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + (limit + 1) + "\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                socket.setSoTimeout(10_000);
                StringBuilder answer = new StringBuilder();
                byte[] buffer = new byte[4096];
                for (int n; answer.indexOf("}}") < 0 && (n = socket.getInputStream().read(buffer)) > 0; ) {
                    answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
                assertThat(answer.toString()).startsWith("HTTP/1.1 413").contains("\"code\":\"request_too_large\"");
            }

            String huge = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat((int) limit) + "\"}]}";
            InputStream unannounced = new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/redact" + CHAT))
                    .header("Content-Type", "application/json").POST(BodyPublishers.ofInputStream(() -> unannounced)).build(),
                    BodyHandlers.ofString());
            refusedWithNothingForwarded(chunked, 413);
            assertThat(json.readTree(chunked.body()).at("/error/code").asText()).isEqualTo("request_too_large");
        }

        @Test
        void apiRedactRefusesBadBodiesWithApiErrors() throws Exception {
            for (String body : List.of("not json", "{\"text\": 42}", "{}", "[\"text\"]")) {
                HttpResponse<String> response = post("/api/redact", body);
                assertThat(response.statusCode()).as(body).isEqualTo(400);
                assertThat(json.readTree(response.body()).path("error").isTextual()).isTrue();
            }
            HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/redact"))
                    .header("Content-Type", "text/plain").POST(BodyPublishers.ofString("text=" + EMAIL)).build(), BodyHandlers.ofString());
            assertThat(form.statusCode()).isEqualTo(415);
            assertNoPii(form.body());
        }
    }

    @Nested
    class UpstreamFaults {

        @Test
        void anUpstreamThatIsDownIs503WithRetryAfter() throws Exception {
            vllm.down();
            HttpResponse<String> response = post("/redact" + CHAT, chat("hi " + EMAIL));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(json.readTree(response.body()).at("/error/type").asText()).isEqualTo("service_unavailable");
        }

        @Test
        void anErrorTheUpstreamSendsMidStreamArrivesAfterTheRestoredTextSentBeforeIt() throws Exception {
            vllm.failMidStream(true);
            List<String> data = streamed("/redact" + CHAT, chat(EMAIL + " is my address, " + PHONE + " my number").put("stream", true));

            assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
            JsonNode error = json.readTree(data.get(data.size() - 2));
            assertThat(error.has("error")).isTrue();
            assertThat(content(data.subList(0, data.size() - 2))).isEqualTo(EMAIL + " is my");
        }

        @Test
        void anUpstreamLostMidStreamEndsWithAnInStreamErrorAfterWhatWasRestored() throws Exception {
            vllm.setTokenInterval(Duration.ofMillis(300));
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/redact" + CHAT)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString(json.writeValueAsString(chat(EMAIL + " one two three four five").put("stream", true))))
                    .build();
            HttpResponse<Stream<String>> response = http.send(request, BodyHandlers.ofLines());
            List<String> data = new ArrayList<>();
            try (Stream<String> lines = response.body()) {
                Iterator<String> it = lines.filter(l -> l.startsWith("data:")).map(l -> l.substring(5).strip()).iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    data.add(line);
                    if (line.contains(EMAIL)) {
                        vllm.down(); // the Spark goes away after the first restored token
                    }
                }
            }
            assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
            assertThat(json.readTree(data.get(data.size() - 2)).at("/error/code").asText()).isEqualTo("upstream_stream_error");
            assertThat(content(data.subList(0, data.size() - 2))).startsWith(EMAIL);
        }

        @Test
        void aPlaceholderTheClientWroteItselfIsNeverTurnedIntoAnotherValue() throws Exception {
            ObjectNode body = chat("mail " + EMAIL);
            body.put("model", "<EMAIL_ADDRESS_1>"); // vLLM answers 404 quoting the unknown model name
            HttpResponse<String> response = post("/redact" + CHAT, body);

            assertThat(json.readTree(sentToVllm()).at("/messages/0/content").asText()).isEqualTo("mail <EMAIL_ADDRESS_2>");
            assertThat(response.statusCode()).isEqualTo(404);
            JsonNode error = json.readTree(response.body()).path("error");
            assertThat(error.path("message").asText()).contains("`<EMAIL_ADDRESS_1>`").doesNotContain(EMAIL);
            assertThat(error.path("code").asText()).isEqualTo("model_not_found");
        }
    }

    /** {@code upstream-url} and {@code upstream-key}, with the app's own forwarding beans and a second fake vLLM. */
    @Nested
    class ExternalUpstream {

        @Autowired
        UpstreamStreamer streamer;

        @Autowired
        BackendUrls urls;

        @Autowired
        CamelContext camel;

        FakeVllm external;

        @BeforeEach
        void externalServer() {
            external = new FakeVllm(0);
            external.setApiKey("sk-test-upstream-key");
            external.setTokenInterval(Duration.ZERO);
            external.beginServing("Org/External-Model", "external", 8192);
        }

        @AfterEach
        void stop() {
            external.close();
        }

        Exchange forward(String key, String userText) throws Exception {
            RedactionProperties properties = new RedactionProperties(null, null, null, external.baseUrl() + "/v1/", key, null);
            Exchange exchange = new DefaultExchange(camel);
            ObjectNode body = chat(userText).put("model", "external");
            byte[] bytes = json.writeValueAsBytes(body);
            exchange.setProperty(GatewayRequest.PROPERTY, new GatewayRequest("POST", CHAT, null, "application/json", null, bytes,
                    null, bytes.length, body));
            new RedactionUpstream(streamer, urls, properties).to(RedactionPath.CHAT).process(exchange);
            return exchange;
        }

        @Test
        void scrubbedRequestsGoToTheConfiguredUrlWithTheKeyAsBearer() throws Exception {
            Exchange exchange = forward("sk-test-upstream-key", "hello <EMAIL_ADDRESS_1>");
            byte[] answer = exchange.getMessage().getBody(InputStream.class).readAllBytes();
            assertThat(json.readTree(answer).at("/choices/0/message/content").asText()).isEqualTo("hello <EMAIL_ADDRESS_1>");
            assertThat(external.requestCount(CHAT)).isEqualTo(1);
            assertThat(vllm.requestCount(CHAT)).as("the local vLLM is not asked").isZero();
        }

        @Test
        void aPlaceholderSplitAcrossEventsIsRestoredWhileEverythingBeforeItFlowsOnAtOnce() throws Exception {
            CountDownLatch secondHalf = new CountDownLatch(1);
            HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            upstream.createContext("/v1/chat/completions", x -> {
                x.getRequestBody().readAllBytes();
                x.getResponseHeaders().set("Content-Type", "text/event-stream");
                x.sendResponseHeaders(200, 0);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(event("Hi <EMAIL_"));
                    out.flush();
                    secondHalf.await(10, TimeUnit.SECONDS); // the rest only once the client has seen the first part
                    out.write(event("ADDRESS_1>, bye"));
                    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            upstream.start();
            try {
                RedactionSession session = Redactor.withAllDetectors().newSession();
                session.redact(EMAIL);
                ObjectNode body = chat("hello").put("stream", true);
                byte[] bytes = json.writeValueAsBytes(body);
                RedactionCall call = new RedactionCall(RedactionPath.CHAT, bytes, body, null, true);
                call.session = session;
                Exchange exchange = new DefaultExchange(camel);
                exchange.setProperty(RedactionCall.PROPERTY, call);
                exchange.setProperty(GatewayRequest.PROPERTY, new GatewayRequest("POST", CHAT, null, "application/json", null, bytes,
                        null, bytes.length, body));
                RedactionProperties properties = new RedactionProperties(null, null, null,
                        "http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1", null, null);
                new RedactionUpstream(streamer, urls, properties).to(RedactionPath.CHAT).process(exchange);
                new RestoreAnswer(json).process(exchange);

                StringBuilder received = new StringBuilder();
                try (InputStream stream = exchange.getMessage().getBody(InputStream.class)) {
                    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                        byte[] buffer = new byte[8192];
                        while (!received.toString().contains("\"Hi \"")) { // the first event, minus the partial placeholder
                            received.append(new String(buffer, 0, stream.read(buffer), StandardCharsets.UTF_8));
                        }
                    }, "the first event must arrive before the upstream sends the rest");
                    assertThat(received.toString()).doesNotContain("<EMAIL_");
                    secondHalf.countDown();
                    received.append(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
                }
                List<String> data = received.toString().lines().filter(l -> l.startsWith("data:")).map(l -> l.substring(5).strip()).toList();
                assertThat(content(data)).isEqualTo("Hi " + EMAIL + ", bye");
                assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
            } finally {
                upstream.stop(0);
            }
        }

        byte[] event(String content) {
            ObjectNode chunk = json.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion.chunk");
            chunk.putArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta").put("content", content);
            return ("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8);
        }

        @Test
        void aKeyTheUpstreamRefusesIsItsOwn401() {
            assertThatThrownBy(() -> forward("sk-wrong", "hello"))
                    .isInstanceOfSatisfying(OpenAiFailure.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.getMessage()).doesNotContain("sk-wrong");
                    });
            assertThatThrownBy(() -> forward(null, "hello")).isInstanceOf(OpenAiFailure.class);
        }
    }
}
