package com.sparkcontrol.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.speech.SpeechModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.sparkcontrol.sim.backends.FakeEmbeddings;
import com.sparkcontrol.sim.backends.WavScript;
import com.sparkcontrol.support.SimulatedClusterTest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The gateway driven by the official OpenAI Java SDK, as LAN apps drive it, against the simulator's fake vLLM,
 * Kokoro and text-embeddings-inference.
 */
class GatewaySdkTests extends SimulatedClusterTest {

    static final String MODEL = "Qwen/Qwen3-8B";
    static final String CHAT_PATH = "/v1/chat/completions";

    OpenAIClient sdk;
    private boolean llmWasServing;
    private boolean kokoroWasUp;

    @BeforeEach
    void modelLoadedAndClient() {
        llmWasServing = vllm.servedModel().isPresent();
        vllm.beginServing(MODEL, null, 32768);
        sdk = OpenAIOkHttpClient.builder().baseUrl(baseUrl() + "/v1").apiKey("unused").maxRetries(0).build();
        // the gateway caches what each backend serves for a few seconds; wait until it has seen this model
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/v1/models").body().contains(MODEL));
    }

    @AfterEach
    void leaveTheSimulatorAsFound() {
        if (!llmWasServing) {
            vllm.endServing();
        }
    }

    @Test
    void chatCompletion() {
        ChatCompletion answer = sdk.chat().completions().create(chat("Say hello").toBuilder().maxCompletionTokens(2).build());
        assertThat(answer.choices().get(0).message().content()).hasValue("Say hello");
    }

    @Test
    void streamingChatEventsArriveWhileTheBackendIsStillGenerating() {
        vllm.setTokenInterval(Duration.ofMillis(100)); // 20 tokens: two seconds of generation
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions()
                .createStreaming(chat("one two three").toBuilder().maxCompletionTokens(20).build())) {
            Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
            chunks.next(); // the role
            assertThat(chunks.next().choices().get(0).delta().content()).hasValue("one");
            assertThat(vllm.inFlight()).as("the backend is still generating when the first token reached the client").isEqualTo(1);
            StringBuilder text = new StringBuilder("one");
            chunks.forEachRemaining(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
            assertThat(text.toString().split(" ")).hasSize(20);
        }
        assertThat(vllm.completedStreams()).isEqualTo(1);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void clientDisconnectAbortsTheBackendGenerationQuietly(CapturedOutput output) {
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions()
                .createStreaming(chat("on and on").toBuilder().maxCompletionTokens(10_000).build())) {
            assertThat(stream.stream().iterator().next()).isNotNull();
        } // closing the SDK stream drops the connection to the gateway
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(vllm.abortedStreams()).isEqualTo(1));
        assertThat(vllm.completedStreams()).isZero();
        assertThat(output.getAll().lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                .filter(line -> line.contains("gateway") || line.contains("ClientAbort") || line.contains("Broken pipe")))
                .as("a client leaving is not a warning").isEmpty();
    }

    @Test
    void completions() {
        Completion answer = sdk.completions().create(CompletionCreateParams.builder().model(MODEL).prompt("Say hi").maxTokens(2).build());
        assertThat(answer.choices().get(0).text()).isEqualTo("Say hi");
    }

    @Test
    void embeddings() {
        CreateEmbeddingResponse answer = sdk.embeddings().create(EmbeddingCreateParams.builder()
                .model(FakeEmbeddings.DEFAULT_MODEL).input("hello").build());
        assertThat(answer.data().get(0).embedding()).hasSize(embeddings.dimension());
        assertThat(answer.model()).isEqualTo(FakeEmbeddings.DEFAULT_MODEL);
    }

    @Test
    void speechWithTheDefaultVoice() throws Exception {
        kokoroWasUp = kokoro.isUp();
        kokoro.up();
        try {
            SpeechCreateParams params = SpeechCreateParams.builder().model(SpeechModel.TTS_1).input("Hello there.")
                    .voice(SpeechCreateParams.Voice.ofString("")).responseFormat(SpeechCreateParams.ResponseFormat.WAV).build();
            byte[] wav;
            try (HttpResponse response = sdk.audio().speech().create(params); InputStream audio = response.body()) {
                wav = audio.readAllBytes();
            }
            WavScript.Info info = WavScript.read(wav);
            assertThat(info.script()).hasValueSatisfying(script -> {
                assertThat(script.turns().get(0).speaker()).isEqualTo(DefaultVoice.VOICE);
                assertThat(script.turns().get(0).text()).isEqualTo("Hello there.");
            });
        } finally {
            if (!kokoroWasUp) {
                kokoro.down();
            }
        }
    }

    @Test
    void modelsListsTheLlmWithItsContextLengthAndTheOtherModelsUp() throws Exception {
        String list = get("/v1/models").body();
        assertThat(list).contains("\"id\":\"" + MODEL + "\"").contains("\"max_model_len\":32768").contains(FakeEmbeddings.DEFAULT_MODEL);
        assertThat(sdk.models().list().data()).extracting(m -> m.id()).contains(MODEL, FakeEmbeddings.DEFAULT_MODEL);
    }

    @Nested
    class Failures {

        @Test
        void aModelNobodyServesIs404ListingTheModelsUp() {
            assertThatThrownBy(() -> sdk.chat().completions().create(chat("hi").toBuilder().model("gpt-7").build()))
                    .isInstanceOfSatisfying(NotFoundException.class, e -> {
                        assertThat(e.getMessage()).contains("gpt-7").contains(MODEL);
                        assertThat(e.code()).hasValue("model_not_found");
                        assertThat(e.param()).hasValue("model");
                    });
            assertThat(vllm.requestCount(CHAT_PATH)).isZero();
        }

        @Test
        void backendValidationErrorReachesTheSdkTyped() {
            assertThatThrownBy(() -> sdk.chat().completions().create(chat("hi").toBuilder().maxCompletionTokens(40_000).build()))
                    .isInstanceOfSatisfying(BadRequestException.class,
                            e -> assertThat(e.getMessage()).contains("maximum context length is 32768 tokens"));
        }

        @Test
        void overloadedBackendIs429WithRetryAfter() {
            embeddings.overloaded(true);
            assertThatThrownBy(() -> sdk.embeddings().create(EmbeddingCreateParams.builder()
                    .model(FakeEmbeddings.DEFAULT_MODEL).input("hello").build()))
                    .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.headers().values("Retry-After")).isNotEmpty());
        }

        @Test
        void llmThatStoppedServingIs503WithRetryAfter() {
            vllm.endServing();
            assertThatThrownBy(() -> sdk.chat().completions().create(chat("hi")))
                    .isInstanceOfSatisfying(InternalServerException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.headers().values("Retry-After")).containsExactly("5");
                    });
        }

        @Test
        void malformedJsonIs400EnvelopeAndNeverReachesTheBackend() throws Exception {
            var response = post(CHAT_PATH, "application/json", "{\"model\": ");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).startsWith("{\"error\":{\"message\":\"The request body is not valid JSON");
            assertThat(vllm.requestCount(CHAT_PATH)).isZero();
        }

        @Test
        void wrongContentTypeIs415() throws Exception {
            var response = post(CHAT_PATH, "text/plain", "hello");
            assertThat(response.statusCode()).isEqualTo(415);
            assertThat(response.body()).contains("\"type\":\"invalid_request_error\"");
        }

        @Test
        void missingMessagesIs400NamingTheField() throws Exception {
            var response = post(CHAT_PATH, "application/json", "{\"model\":\"" + MODEL + "\"}");
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
            String answer = rawRequest("POST " + CHAT_PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (300L * 1024 * 1024) + "\r\n\r\n{");
            assertThat(answer).startsWith("HTTP/1.1 413").contains("\"code\":\"request_too_large\"");
            assertThat(vllm.requestCount(CHAT_PATH)).isZero();
        }
    }

    // --- fixtures ---

    static ChatCompletionCreateParams chat(String userMessage) {
        return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage(userMessage).build();
    }

    private java.net.http.HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private java.net.http.HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** Sends raw HTTP (for framing the JDK client will not produce) and returns the answer up to its JSON's end. */
    private String rawRequest(String head) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[4096];
            for (int n = socket.getInputStream().read(buffer); n > 0; n = socket.getInputStream().read(buffer)) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                if (answer.indexOf("}}") >= 0) {
                    break;
                }
            }
            return answer.toString();
        }
    }
}
