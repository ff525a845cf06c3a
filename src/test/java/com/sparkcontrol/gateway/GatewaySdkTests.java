package com.sparkcontrol.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.speech.SpeechModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway driven by the official OpenAI Java SDK, as LAN apps drive it. Until the simulated Sparks are in
 * main, the backends are loopback servers speaking vLLM's, Kokoro's and TEI's shapes (one per test class);
 * at integration these tests move onto {@code SimulatedClusterTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewaySdkTests {

    static final String MODEL = "Qwen/Qwen3-8B";
    static final Backends BACKENDS = new Backends();

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("spark-control.spark1.host", () -> "127.0.0.1");
        registry.add("spark-control.vllm.port", () -> URI.create(BACKENDS.llm.baseUrl()).getPort());
        registry.add("spark-control.kokoro.url", BACKENDS.tts::baseUrl);
        registry.add("spark-control.embeddings.url", BACKENDS.embeddings::baseUrl);
        registry.add("spark-control.data-dir", () -> BACKENDS.dataDir.toString());
    }

    @AfterAll
    static void stopBackends() {
        BACKENDS.llm.close();
        BACKENDS.tts.close();
        BACKENDS.embeddings.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    OpenAIClient sdk;

    @BeforeEach
    void client() {
        BACKENDS.reset();
        sdk = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1").apiKey("unused").maxRetries(0).build();
    }

    @Test
    void chatCompletion() {
        ChatCompletion answer = sdk.chat().completions().create(chat());
        assertThat(answer.choices().get(0).message().content()).hasValue("Hello there");
    }

    @Test
    void streamingChatEventsArriveWhileTheBackendIsStillGenerating() {
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(chat())) {
            Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
            assertThat(chunks.next().choices().get(0).delta().content()).contains("Hel");
            BACKENDS.clientHasFirstChunk.countDown(); // the backend generates the rest only now
            StringBuilder text = new StringBuilder();
            chunks.forEachRemaining(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
            assertThat(text).hasToString("lo there");
        }
    }

    @Test
    void clientDisconnectAbortsTheBackendGeneration() throws Exception {
        BACKENDS.endless = true;
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(chat())) {
            assertThat(stream.stream().iterator().next()).isNotNull();
        } // closing the SDK stream drops the connection to the gateway
        assertThat(BACKENDS.generationAborted.await(20, TimeUnit.SECONDS)).as("the backend's generation was cut").isTrue();
    }

    @Test
    void completions() {
        Completion answer = sdk.completions().create(CompletionCreateParams.builder().model(MODEL).prompt("Say hi").build());
        assertThat(answer.choices().get(0).text()).isEqualTo(" hi");
    }

    @Test
    void embeddings() {
        CreateEmbeddingResponse answer = sdk.embeddings().create(EmbeddingCreateParams.builder()
                .model("BAAI/bge-small-en-v1.5").input("hello").build());
        assertThat(answer.data().get(0).embedding()).containsExactly(0.25f, -0.5f, 1.0f);
    }

    @Test
    void speechToAFileWithTheDefaultVoice(@TempDir Path dir) throws IOException {
        SpeechCreateParams params = SpeechCreateParams.builder().model(SpeechModel.TTS_1).input("Hello there")
                .voice(SpeechCreateParams.Voice.ofString("")).build();
        Path file = dir.resolve("speech.wav");
        try (HttpResponse response = sdk.audio().speech().create(params); InputStream audio = response.body()) {
            Files.copy(audio, file);
        }
        assertThat(Files.readAllBytes(file)).startsWith("RIFF".getBytes(StandardCharsets.US_ASCII)).hasSize(4 + 3 * 4096);
        assertThat(BACKENDS.lastVoice.get()).isEqualTo("bm_george");
    }

    @Test
    void modelsListsTheLlmWithItsContextLengthAndTheOtherModelsUp() throws Exception {
        String list = get("/v1/models").body();
        assertThat(list).contains("\"id\":\"" + MODEL + "\"").contains("\"max_model_len\":32768").contains("\"kokoro\"")
                .contains("BAAI/bge-small-en-v1.5");
        assertThat(sdk.models().list().data()).extracting(m -> m.id()).contains(MODEL, "kokoro");
    }

    @Test
    void transcribesAWavThroughTheAudioRoute() {
        assumeThat(camel.getRoutes()).as("the audio capability's transcription route (integration)")
                .anyMatch(route -> route.getRouteId().contains("transcri"));
        // at integration: sdk.audio().transcriptions().create(... a WAV from the simulator ...) returns its text
    }

    @Nested
    class Failures {

        @Test
        void aModelNobodyServesIs404ListingTheModelsUp() {
            assertThatThrownBy(() -> sdk.chat().completions().create(chat().toBuilder().model("gpt-7").build()))
                    .isInstanceOfSatisfying(NotFoundException.class, e -> {
                        assertThat(e.getMessage()).contains("gpt-7").contains(MODEL).contains("kokoro");
                        assertThat(e.code()).hasValue("model_not_found");
                        assertThat(e.param()).hasValue("model");
                    });
            assertThat(BACKENDS.completions.get()).isZero();
        }

        @Test
        void backendValidationErrorReachesTheSdkTyped() {
            BACKENDS.rejectWith400 = true;
            assertThatThrownBy(() -> sdk.chat().completions().create(chat()))
                    .isInstanceOfSatisfying(BadRequestException.class,
                            e -> assertThat(e.getMessage()).contains("maximum context length is 32768 tokens"));
        }

        @Test
        void busyBackendIs503WithRetryAfterWhichTheSdkHonours() {
            BACKENDS.busyAnswers.set(1); // the first call gets 503 Retry-After: 1, the retry succeeds
            OpenAIClient retrying = sdk.withOptions(o -> o.maxRetries(1));
            assertThat(retrying.chat().completions().create(chat()).choices()).hasSize(1);
            assertThat(BACKENDS.completions.get()).isEqualTo(2);
        }

        @Test
        void busyBackendWithoutRetriesSurfacesAsA503() {
            BACKENDS.busyAnswers.set(1);
            assertThatThrownBy(() -> sdk.chat().completions().create(chat()))
                    .isInstanceOfSatisfying(InternalServerException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.headers().values("Retry-After")).containsExactly("1");
                    });
        }

        @Test
        void malformedJsonIs400EnvelopeAndNeverReachesTheBackend() throws Exception {
            var response = post("/v1/chat/completions", "application/json", "{\"model\": ");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).startsWith("{\"error\":{\"message\":\"The request body is not valid JSON");
            assertThat(BACKENDS.completions.get()).isZero();
        }

        @Test
        void wrongContentTypeIs415() throws Exception {
            var response = post("/v1/chat/completions", "text/plain", "hello");
            assertThat(response.statusCode()).isEqualTo(415);
            assertThat(response.body()).contains("\"type\":\"invalid_request_error\"");
        }

        @Test
        void missingMessagesIs400NamingTheField() throws Exception {
            var response = post("/v1/chat/completions", "application/json", "{\"model\":\"" + MODEL + "\"}");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("\"param\":\"messages\"");
        }

        @Test
        void unknownPathIs404JsonNotHtml() throws Exception {
            var response = get("/v1/no/such/thing");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(response.body()).doesNotContain("<html").contains("\"type\":\"not_found_error\"");
        }

        @Test
        void oversizedBodyIs413BeforeTheBackendIsTouched() throws Exception {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + (300L * 1024 * 1024) + "\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                socket.setSoTimeout(10_000);
                StringBuilder answer = new StringBuilder();
                byte[] buffer = new byte[4096];
                for (int n = socket.getInputStream().read(buffer); n > 0 && answer.indexOf("}}") < 0;
                        n = answer.indexOf("}}") < 0 ? socket.getInputStream().read(buffer) : -1) {
                    answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
                assertThat(answer.toString()).startsWith("HTTP/1.1 413").contains("\"code\":\"request_too_large\"");
            }
            assertThat(BACKENDS.completions.get()).isZero();
        }
    }

    // --- fixtures ---

    static ChatCompletionCreateParams chat() {
        return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Say hello").build();
    }

    private java.net.http.HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private java.net.http.HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** vLLM, Kokoro and TEI shapes on one loopback server. */
    static final class Backends {
        final FakeBackend llm;
        final FakeBackend tts;
        final FakeBackend embeddings;
        final Path dataDir;
        volatile CountDownLatch clientHasFirstChunk = new CountDownLatch(1);
        volatile CountDownLatch generationAborted = new CountDownLatch(1);
        volatile boolean endless;
        volatile boolean rejectWith400;
        final AtomicInteger busyAnswers = new AtomicInteger();
        final AtomicInteger completions = new AtomicInteger();
        final AtomicReference<String> lastVoice = new AtomicReference<>();

        Backends() {
            try {
                dataDir = Files.createTempDirectory("gateway-sdk-tests");
                llm = new FakeBackend(x -> handle(x, "llm"));
                tts = new FakeBackend(x -> handle(x, "tts"));
                embeddings = new FakeBackend(x -> handle(x, "embeddings"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void reset() {
            clientHasFirstChunk = new CountDownLatch(1);
            generationAborted = new CountDownLatch(1);
            endless = false;
            rejectWith400 = false;
            busyAnswers.set(0);
            completions.set(0);
            lastVoice.set(null);
        }

        private void handle(HttpExchange x, String backend) throws Exception {
            String path = x.getRequestURI().getPath();
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            switch (path) {
                case "/health" -> FakeBackend.json(x, 200, "{\"status\":\"healthy\"}");
                case "/v1/models" -> {
                    switch (backend) {
                        case "llm" -> FakeBackend.json(x, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL
                                + "\",\"object\":\"model\",\"created\":1,\"owned_by\":\"vllm\",\"max_model_len\":32768}]}");
                        case "tts" -> FakeBackend.json(x, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"kokoro\",\"object\":\"model\",\"created\":1,\"owned_by\":\"kokoro\"}]}");
                        default -> FakeBackend.json(x, 404, "{\"error\":\"Not Found\"}");
                    }
                }
                case "/info" -> FakeBackend.json(x, 200, "{\"model_id\":\"BAAI/bge-small-en-v1.5\"}");
                case "/v1/audio/voices" -> FakeBackend.json(x, 200, "{\"voices\":[{\"id\":\"bm_george\",\"name\":\"bm_george\"}]}");
                case "/v1/embeddings" -> FakeBackend.json(x, 200, "{\"object\":\"list\",\"model\":\"BAAI/bge-small-en-v1.5\",\"data\":"
                        + "[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.25,-0.5,1.0]}],\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}");
                case "/v1/audio/speech" -> speech(x, body);
                case "/v1/completions" -> FakeBackend.json(x, 200, "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\""
                        + MODEL + "\",\"choices\":[{\"index\":0,\"text\":\" hi\",\"logprobs\":null,\"finish_reason\":\"stop\"}]}");
                case "/v1/chat/completions" -> chat(x, body);
                default -> FakeBackend.json(x, 404, "{\"detail\":\"Not Found\"}");
            }
        }

        private void speech(HttpExchange x, String body) throws IOException {
            lastVoice.set(body.replaceAll(".*\"voice\":\"([^\"]*)\".*", "$1"));
            x.getResponseHeaders().set("Content-Type", "audio/wav");
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            out.write("RIFF".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 3; i++) {
                out.write(new byte[4096]);
                out.flush();
            }
        }

        private void chat(HttpExchange x, String body) throws Exception {
            completions.incrementAndGet();
            if (busyAnswers.getAndDecrement() > 0) {
                x.getResponseHeaders().set("Retry-After", "1");
                FakeBackend.json(x, 503, "{\"error\":{\"message\":\"busy\",\"type\":\"ServiceUnavailableError\",\"param\":null,\"code\":503}}");
                return;
            }
            if (rejectWith400) {
                FakeBackend.json(x, 400, "{\"error\":{\"message\":\"This model's maximum context length is 32768 tokens.\","
                        + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}");
                return;
            }
            if (!body.contains("\"stream\":true")) {
                FakeBackend.json(x, 200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"" + MODEL
                        + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\"},\"finish_reason\":\"stop\"}]}");
                return;
            }
            OutputStream out = FakeBackend.events(x);
            FakeBackend.event(out, chunk("Hel"));
            if (endless) {
                try {
                    for (int i = 0; i < 20_000; i++) {
                        Thread.sleep(5);
                        FakeBackend.event(out, chunk("x"));
                    }
                } catch (IOException e) {
                    generationAborted.countDown();
                }
                return;
            }
            clientHasFirstChunk.await(10, TimeUnit.SECONDS);
            FakeBackend.event(out, chunk("lo"));
            FakeBackend.event(out, chunk(" there"));
            FakeBackend.event(out, "[DONE]");
        }

        private static String chunk(String text) {
            return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"" + MODEL
                    + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}";
        }
    }
}
