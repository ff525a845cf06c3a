package com.sparkcontrol.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.config.BackendUrls.Backend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class UpstreamStreamerTests {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    @AfterAll
    static void stopCamel() throws Exception {
        CAMEL.close();
    }

    @Test
    void passesEachEventOnWhileTheBackendIsStillGenerating() throws Exception {
        CountDownLatch firstEventRead = new CountDownLatch(1);
        try (FakeBackend backend = new FakeBackend(x -> {
            OutputStream out = FakeBackend.events(x);
            FakeBackend.event(out, "{\"n\":1}");
            firstEventRead.await(10, TimeUnit.SECONDS); // generation goes on only once the client has event 1
            FakeBackend.event(out, "{\"n\":2}");
            FakeBackend.event(out, "[DONE]");
        })) {
            Exchange exchange = forward(backend, streamRequest(), properties());
            BufferedReader events = reader(exchange);
            assertThat(events.readLine()).isEqualTo("data: {\"n\":1}");
            firstEventRead.countDown();
            assertThat(events.readLine()).isEmpty();
            assertThat(events.readLine()).isEqualTo("data: {\"n\":2}");
            assertThat(rest(events)).contains("data: [DONE]").doesNotContain("error");
        }
    }

    @Test
    void streamedAnswersCarryNoBufferingHeaders() throws Exception {
        try (FakeBackend backend = new FakeBackend(x -> {
            x.getResponseHeaders().set("Server", "uvicorn");
            OutputStream out = FakeBackend.events(x);
            FakeBackend.event(out, "[DONE]");
        })) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            Exchange exchange = forward(backend, streamRequest(), properties(), response);
            assertThat(response.getHeader("X-Accel-Buffering")).isEqualTo("no");
            assertThat(response.getHeader("Cache-Control")).isEqualTo("no-cache");
            assertThat(response.getHeader("Server")).isNull();
            assertThat(response.getHeader("Transfer-Encoding")).isNull();
            assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("text/event-stream");
        }
    }

    @Test
    void closingTheAnswerAbortsTheBackendRequest() throws Exception {
        CountDownLatch aborted = new CountDownLatch(1);
        try (FakeBackend backend = new FakeBackend(x -> {
            OutputStream out = FakeBackend.events(x);
            try {
                for (int i = 0; i < 100_000; i++) { // bounded: a stream that never ends by itself in this test's time
                    FakeBackend.event(out, "{\"token\":" + i + "}");
                    Thread.sleep(5);
                }
            } catch (IOException e) {
                aborted.countDown(); // the gateway closed the connection: the GPU would stop here
            }
        })) {
            Exchange exchange = forward(backend, streamRequest(), properties());
            BufferedReader events = reader(exchange);
            assertThat(events.readLine()).startsWith("data: {\"token\":0");
            exchange.getMessage().getBody(InputStream.class).close(); // what the consumer does when the client leaves
            assertThat(aborted.await(10, TimeUnit.SECONDS)).as("backend saw the connection closed").isTrue();
        }
    }

    @Test
    void closingAnAnswerThatIsNotAStreamAbortsTheBackendRequestToo() throws Exception {
        CountDownLatch aborted = new CountDownLatch(1);
        try (FakeBackend backend = new FakeBackend(x -> {
            x.getResponseHeaders().set("Content-Type", "audio/mpeg"); // e.g. speech, sent as it is synthesised
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            try {
                for (int i = 0; i < 3_000; i++) { // about 15 s of audio: a drained body would make the test fail, not hang
                    out.write(new byte[1024]);
                    out.flush();
                    Thread.sleep(5);
                }
            } catch (IOException e) {
                aborted.countDown();
            }
        })) {
            InputStream audio = forward(backend, jsonRequest(), properties()).getMessage().getBody(InputStream.class);
            assertThat(audio.readNBytes(2048)).hasSize(2048);
            audio.close(); // the client left: the rest must not be read (that would wait for the whole synthesis)
            assertThat(aborted.await(10, TimeUnit.SECONDS)).as("backend saw the connection closed").isTrue();
        }
    }

    @Test
    void callsReuseOneKeptAliveConnection() throws Exception {
        Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        try (FakeBackend backend = new FakeBackend(x -> {
            clientPorts.add(x.getRemoteAddress().getPort());
            x.getRequestBody().readAllBytes();
            FakeBackend.json(x, 200, "{\"object\":\"list\"}");
        })) {
            UpstreamStreamer streamer = new UpstreamStreamer(properties(), b -> Optional.of(backend.baseUrl()));
            for (int i = 0; i < 3; i++) {
                Exchange exchange = exchange(jsonRequest(), new MockHttpServletResponse());
                streamer.forward(exchange, Backend.EMBEDDINGS, "/v1/embeddings");
                try (InputStream body = exchange.getMessage().getBody(InputStream.class)) {
                    assertThat(body.readAllBytes()).isNotEmpty();
                }
            }
            assertThat(clientPorts).as("one connection for three calls").hasSize(1);
        }
    }

    @Test
    void quietStreamsGetKeepAliveCommentsBetweenEvents() throws Exception {
        CountDownLatch keepAliveSeen = new CountDownLatch(1);
        try (FakeBackend backend = new FakeBackend(x -> {
            OutputStream out = FakeBackend.events(x);
            FakeBackend.event(out, "{\"n\":1}");
            keepAliveSeen.await(10, TimeUnit.SECONDS);
            FakeBackend.event(out, "[DONE]");
        })) {
            GatewayProperties quickHeartbeat = properties(Duration.ofMillis(50), Duration.ofSeconds(30));
            BufferedReader events = reader(forward(backend, streamRequest(), quickHeartbeat));
            assertThat(events.readLine()).isEqualTo("data: {\"n\":1}");
            assertThat(events.readLine()).isEmpty();
            assertThat(events.readLine()).isEqualTo(": keep-alive");
            keepAliveSeen.countDown();
            assertThat(rest(events)).contains("data: [DONE]");
        }
    }

    @Test
    void plainJsonAnswersPassThroughUntouched() throws Exception {
        String answer = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[]}";
        try (FakeBackend backend = new FakeBackend(x -> FakeBackend.json(x, 200, answer))) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            Exchange exchange = forward(backend, jsonRequest(), properties(), response);
            assertThat(new String(exchange.getMessage().getBody(InputStream.class).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(answer);
            assertThat(response.getHeader("X-Accel-Buffering")).isNull();
            assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        }
    }

    @Test
    void sendsTheRequestBodyAndContentType() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        try (FakeBackend backend = new FakeBackend(x -> {
            seen.set(x.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            FakeBackend.json(x, 200, "{}");
        })) {
            forward(backend, jsonRequest(), properties()).getMessage().getBody(InputStream.class).readAllBytes();
            assertThat(seen.get()).isEqualTo("application/json {\"model\":\"m\",\"messages\":[]}");
        }
    }

    @Test
    void acceptsAStreamedRequestBody() throws Exception {
        AtomicReference<Integer> received = new AtomicReference<>();
        byte[] upload = new byte[3 * 1024 * 1024];
        try (FakeBackend backend = new FakeBackend(x -> {
            received.set(x.getRequestBody().readAllBytes().length);
            FakeBackend.json(x, 200, "{\"text\":\"ok\"}");
        })) {
            GatewayRequest request = GatewayRequest.streamed("POST", "/v1/audio/transcriptions", null,
                    "multipart/form-data; boundary=x", null, () -> new java.io.ByteArrayInputStream(upload), upload.length);
            forward(backend, request, properties()).getMessage().getBody(InputStream.class).readAllBytes();
            assertThat(received.get()).isEqualTo(upload.length);
        }
    }

    @Test
    void anUploadPassingMaxBodySizeIs413AndTheBackendSeesItCut() throws Exception {
        AtomicReference<String> backendSaw = new AtomicReference<>();
        try (FakeBackend backend = new FakeBackend(x -> {
            try {
                x.getRequestBody().readAllBytes();
                backendSaw.set("whole upload");
                FakeBackend.json(x, 200, "{}");
            } catch (IOException e) {
                backendSaw.set("cut");
                throw e;
            }
        })) {
            InputStream capped = new InputStream() { // what RequestSizeLimit hands on for a chunked upload
                private int sent;

                @Override
                public int read() throws IOException {
                    if (sent++ >= 64 * 1024) {
                        throw new RequestSizeLimit.TooLarge(64 * 1024);
                    }
                    return 'x';
                }
            };
            GatewayRequest request = GatewayRequest.streamed("POST", "/v1/audio/transcriptions", null,
                    "multipart/form-data; boundary=x", null, () -> capped, -1);
            assertThatThrownBy(() -> forward(backend, request, properties()))
                    .isInstanceOfSatisfying(OpenAiFailure.class, failure -> {
                        assertThat(failure.status()).isEqualTo(413);
                        assertThat(failure.error().errorObject()).containsEntry("code", "request_too_large");
                    });
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> backendSaw.get() != null);
            assertThat(backendSaw.get()).isEqualTo("cut");
        }
    }

    @Test
    void aConnectionDroppedBeforeAnyAnswerIsTriedOnceMoreOnANewOne() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        try (FakeBackend backend = new FakeBackend(x -> {
            x.getRequestBody().readAllBytes();
            if (calls.incrementAndGet() == 1) {
                return; // closed without an answer, as a server dropping an idle kept-alive connection does
            }
            FakeBackend.json(x, 200, "{\"ok\":true}");
        })) {
            Exchange exchange = forward(backend, jsonRequest(), properties());
            assertThat(new String(exchange.getMessage().getBody(InputStream.class).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"ok\":true}");
            assertThat(calls.get()).isEqualTo(2);
        }
    }

    @Nested
    class WhenTheBackendFails {

        @Test
        void refusedConnectionIs503WithRetryAfter() throws Exception {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            UpstreamStreamer streamer = new UpstreamStreamer(properties(), b -> Optional.of("http://127.0.0.1:" + closedPort));
            assertThatThrownBy(() -> streamer.forward(exchange(jsonRequest(), null), Backend.LLM, "/v1/chat/completions"))
                    .isInstanceOfSatisfying(OpenAiFailure.class, failure -> {
                        assertThat(failure.status()).isEqualTo(503);
                        assertThat(failure.retryAfterSeconds()).isEqualTo(5);
                        assertThat(failure.getMessage()).contains("llm backend is not accepting connections");
                    });
        }

        @Test
        void hungBackendTimesOutWithinTheFirstByteTimeout() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            try (FakeBackend backend = new FakeBackend(x -> release.await(30, TimeUnit.SECONDS))) {
                assertThatThrownBy(() -> forward(backend, jsonRequest(), properties()))
                        .isInstanceOfSatisfying(OpenAiFailure.class, failure -> {
                            assertThat(failure.status()).isEqualTo(503);
                            assertThat(failure.getMessage()).contains("did not answer within 1 s");
                            assertThat(failure.retryAfter()).isNotNull();
                        });
            } finally {
                release.countDown();
            }
        }

        @Test
        void aBackendThatKeepsDroppingTheConnectionIs502AfterTheSecondTry() throws Exception {
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            try (FakeBackend backend = new FakeBackend(x -> {
                x.getRequestBody().readAllBytes();
                calls.incrementAndGet(); // and never an answer
            })) {
                assertThatThrownBy(() -> forward(backend, jsonRequest(), properties()))
                        .isInstanceOfSatisfying(OpenAiFailure.class, failure -> assertThat(failure.status()).isEqualTo(502));
                assertThat(calls.get()).isEqualTo(2);
            }
        }

        @Test
        void vllmErrorKeepsItsStatusAndMessage() throws Exception {
            try (FakeBackend backend = new FakeBackend(x -> FakeBackend.json(x, 400,
                    "{\"error\":{\"message\":\"This model's maximum context length is 4096 tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}"))) {
                assertThatThrownBy(() -> forward(backend, jsonRequest(), properties()))
                        .isInstanceOfSatisfying(OpenAiFailure.class, failure -> {
                            assertThat(failure.status()).isEqualTo(400);
                            assertThat(failure.error().errorObject()).containsEntry("type", "invalid_request_error")
                                    .containsEntry("message", "This model's maximum context length is 4096 tokens.");
                        });
            }
        }

        @Test
        void backend503PassesItsRetryAfterOn() throws Exception {
            try (FakeBackend backend = new FakeBackend(x -> {
                x.getResponseHeaders().set("Retry-After", "42");
                FakeBackend.json(x, 503, "{\"detail\":\"not ready\"}");
            })) {
                assertThatThrownBy(() -> forward(backend, jsonRequest(), properties()))
                        .isInstanceOfSatisfying(OpenAiFailure.class, failure -> {
                            assertThat(failure.status()).isEqualTo(503);
                            assertThat(failure.retryAfterSeconds()).isEqualTo(42);
                            assertThat(failure.getMessage()).isEqualTo("not ready");
                        });
            }
        }

        @Test
        void lostConnectionMidStreamEndsWithAnInStreamErrorThenDone() throws Exception {
            try (FakeBackend backend = new FakeBackend(x -> {
                OutputStream out = FakeBackend.events(x);
                FakeBackend.event(out, "{\"n\":1}");
                out.write("data: {\"n\":2, \"trunc".getBytes(StandardCharsets.UTF_8)); // half an event, then the backend dies
                out.flush();
                x.getHttpContext().getServer().stop(0);
            })) {
                List<String> lines = lines(reader(forward(backend, streamRequest(), properties())));
                assertThat(lines).containsExactly("data: {\"n\":1}", "", lines.get(2), "", "data: [DONE]", "");
                assertThat(new ObjectMapper().readTree(lines.get(2).substring("data: ".length())).path("error").path("message").asText())
                        .contains("llm backend");
            }
        }

        @Test
        void silentStreamEndsWithAnInStreamErrorAfterTheIdleTimeout() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            try (FakeBackend backend = new FakeBackend(x -> {
                OutputStream out = FakeBackend.events(x);
                FakeBackend.event(out, "{\"n\":1}");
                release.await(30, TimeUnit.SECONDS);
            })) {
                GatewayProperties shortIdle = properties(Duration.ofMillis(100), Duration.ofMillis(300));
                String all = rest(reader(forward(backend, streamRequest(), shortIdle)));
                assertThat(all).startsWith("data: {\"n\":1}\n\n").contains(": keep-alive")
                        .contains("sent nothing for 300 ms").endsWith("data: [DONE]\n\n");
            } finally {
                release.countDown();
            }
        }
    }

    // --- fixtures ---

    static GatewayProperties properties() {
        return properties(Duration.ofSeconds(15), Duration.ofSeconds(30));
    }

    static GatewayProperties properties(Duration heartbeat, Duration idle) {
        Duration second = Duration.ofSeconds(1);
        return new GatewayProperties(GatewayProperties.DuringSwap.REFUSE, second, second,
                new GatewayProperties.FirstByteTimeout(second, second, second, second, second), idle, heartbeat,
                DataSize.ofMegabytes(200), Duration.ofSeconds(5), Map.of());
    }

    private static GatewayRequest jsonRequest() throws IOException {
        byte[] body = "{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
        return new GatewayRequest("POST", "/chat/completions", null, "application/json", null, body, null, body.length,
                new ObjectMapper().readTree(body));
    }

    private static GatewayRequest streamRequest() throws IOException {
        byte[] body = "{\"model\":\"m\",\"stream\":true,\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
        return new GatewayRequest("POST", "/chat/completions", null, "application/json", null, body, null, body.length,
                new ObjectMapper().readTree(body));
    }

    private static Exchange forward(FakeBackend backend, GatewayRequest request, GatewayProperties properties) {
        return forward(backend, request, properties, new MockHttpServletResponse());
    }

    private static Exchange forward(FakeBackend backend, GatewayRequest request, GatewayProperties properties,
            MockHttpServletResponse response) {
        Exchange exchange = exchange(request, response);
        new UpstreamStreamer(properties, b -> Optional.of(backend.baseUrl())).forward(exchange, Backend.LLM, "/v1/chat/completions");
        return exchange;
    }

    private static Exchange exchange(GatewayRequest request, MockHttpServletResponse response) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty(GatewayRequest.PROPERTY, request);
        exchange.setProperty(CallRecord.PROPERTY, new CallRecord("POST", "/v1/chat/completions", null, response));
        return exchange;
    }

    private static BufferedReader reader(Exchange exchange) {
        return new BufferedReader(new InputStreamReader(exchange.getMessage().getBody(InputStream.class), StandardCharsets.UTF_8));
    }

    private static String rest(BufferedReader reader) throws IOException {
        StringBuilder all = new StringBuilder();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            all.append(line).append('\n');
        }
        return all.toString();
    }

    private static List<String> lines(BufferedReader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lines.add(line);
        }
        return lines;
    }
}
