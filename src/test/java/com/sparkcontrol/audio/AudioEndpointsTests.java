package com.sparkcontrol.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.InternalServerException;
import com.openai.models.audio.AudioModel;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateResponse;
import com.sparkcontrol.sim.backends.WavScript;
import com.sparkcontrol.support.SimulatedClusterTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The audio endpoints over real HTTP, in the whole app, in front of the simulated Spark 2's Parakeet and diarizer. */
class AudioEndpointsTests extends SimulatedClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Autowired
    ParakeetGuard guard;

    @Autowired
    SpeakerSessions sessions;

    @Autowired
    TranscriptionCapability capability;

    @Autowired
    com.sparkcontrol.events.EventBus events;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @BeforeEach
    void healthyAudio() {
        parakeet.up();
        diarizer.up();
        guard.reset();
        sessions.clear();
        capability.forget();
    }

    private static byte[] conversation() {
        return WavScript.builder().sampleRate(16_000)
                .turn("af_heart", "good morning everyone shall we begin")
                .turn("bm_george", "yes the numbers are in")
                .build();
    }

    /** A multipart body as the OpenAI SDKs send it: text fields, then the file. */
    private HttpResponse<String> post(String path, byte[] file, String fileName, Map<String, String> fields) throws Exception {
        String boundary = "----test" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (file != null) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(file);
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void eightParallelTranscriptionsReachParakeetOneAtATimeAndAllSucceed() throws Exception {
        parakeet.fftRaceOnConcurrency(true); // a second request at once would be answered 503 + Retry-After: 60
        parakeet.setResponseDelay(Duration.ofMillis(100));
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(clients.submit(() -> post("/v1/audio/transcriptions", conversation(), "talk.wav", Map.of("model", "parakeet"))));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(json(response).path("text").asText()).startsWith("good morning everyone");
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(parakeet.transcriptionCount()).isEqualTo(8);
        assertThat(parakeet.maxConcurrency()).isEqualTo(1);
    }

    @Test
    void aRetryAfterFromParakeetReachesTheClientAndHoldsEveryoneOff() throws Exception {
        parakeet.setRetryAfterStorm(10, 1); // long enough that a slow machine still sees it open; the next test resets the guard

        HttpResponse<String> first = post("/v1/audio/transcriptions", conversation(), "talk.wav", Map.of());
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 10L));
        assertThat(json(first).path("error").path("type").asText()).isEqualTo("service_unavailable");

        HttpResponse<String> second = post("/v1/audio/transcriptions", conversation(), "talk.wav", Map.of());
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 10L));
        assertThat(parakeet.transcriptionCount()).isEqualTo(1);

        HttpResponse<String> diarization = post("/api/audio/diarize-chunk", conversation(), "talk.wav", Map.of());
        assertThat(diarization.statusCode()).as("the diarizer has its own breaker").isEqualTo(200);

        // operators see it: the status part, the metric, the event
        JsonNode status = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("audio");
        assertThat(status.path("transcription").path("breaker").asText()).isEqualTo("OPEN");
        assertThat(status.path("transcription").path("retryAfterSeconds").asLong()).isBetween(1L, 10L);
        assertThat(status.path("transcription").path("lastFailure").path("message").asText()).contains("503");
        assertThat(status.path("diarization").path("breaker").asText()).isEqualTo("CLOSED");
        // (Spring Boot tests do not export /actuator/prometheus; the registry behind it is read directly)
        assertThat(meters.get("sparkcontrol.audio.breaker.state").tag("backend", "transcription").gauge().value()).isEqualTo(1.0);
        assertThat(events.since(0)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("service-state");
            assertThat(e.data().toString()).contains("breaker=OPEN").contains("service=parakeet");
        });
    }

    @Test
    void theOfficialOpenAiSdkTranscribesThroughTheGateway() throws Exception {
        OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl(baseUrl() + "/v1").apiKey("unused").maxRetries(0).build();
        try {
            TranscriptionCreateResponse plain = sdk.audio().transcriptions().create(TranscriptionCreateParams.builder()
                    .file(conversation()).model(AudioModel.WHISPER_1).build());
            assertThat(plain.asTranscription().text()).isEqualTo("good morning everyone shall we begin yes the numbers are in");

            TranscriptionCreateResponse verbose = sdk.audio().transcriptions().create(TranscriptionCreateParams.builder()
                    .file(conversation()).model(AudioModel.WHISPER_1).language("en")
                    .responseFormat(AudioResponseFormat.VERBOSE_JSON)
                    .addTimestampGranularity(TranscriptionCreateParams.TimestampGranularity.WORD).build());
            assertThat(verbose.isVerbose()).isTrue();
            assertThat(verbose.asVerbose().language()).isEqualTo("english");
            assertThat(verbose.asVerbose().words()).hasValueSatisfying(words -> {
                assertThat(words).hasSize(11);
                assertThat(words.get(0).word()).isEqualTo("good");
            });

            parakeet.down();
            assertThatThrownBy(() -> sdk.audio().transcriptions().create(TranscriptionCreateParams.builder()
                    .file(conversation()).model(AudioModel.WHISPER_1).build()))
                    .isInstanceOfSatisfying(InternalServerException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.getMessage()).contains("not accepting connections");
                    });
        } finally {
            sdk.close();
        }
    }

    @Test
    void transcriptionFormatsComeBackAsOpenAiSendsThem() throws Exception {
        HttpResponse<String> srt = post("/v1/audio/transcriptions", conversation(), "talk.wav", Map.of("response_format", "srt"));
        assertThat(srt.statusCode()).isEqualTo(200);
        assertThat(srt.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-subrip"));
        assertThat(srt.body()).startsWith("1\n00:00:00,000 --> 00:00:02,400\ngood morning everyone shall we begin\n\n2\n");

        HttpResponse<String> verbose = post("/v1/audio/transcriptions", conversation(), "talk.wav",
                Map.of("response_format", "verbose_json", "timestamp_granularities[]", "word", "language", "en"));
        assertThat(json(verbose).path("words")).hasSize(11);
        assertThat(json(verbose).path("language").asText()).isEqualTo("english");
    }

    @Test
    void diarizationSessionsKeepLabelsAcrossChunks() throws Exception {
        byte[] second = WavScript.builder().sampleRate(16_000).turn("bm_george", "bob first this time")
                .turn("af_heart", "then alice").build();
        JsonNode one = json(post("/api/audio/diarize-chunk", conversation(), "c1.wav", Map.of("session_id", "standup")));
        JsonNode two = json(post("/api/audio/diarize-chunk", second, "c2.wav", Map.of("session_id", "standup", "chunk_offset_s", "4.9")));

        assertThat(one.path("speakers").path("Speaker_0").asText()).isEqualTo("S1");
        assertThat(two.path("speakers").path("Speaker_0").asText()).isEqualTo("S2");
        assertThat(two.path("speakers").path("Speaker_1").asText()).isEqualTo("S1");
        assertThat(two.path("offset_s").asDouble()).isEqualTo(4.9);
    }

    @Test
    void transcribeWithSpeakersAnswersTheMergedTranscript() throws Exception {
        HttpResponse<String> response = post("/api/audio/transcribe-with-speakers", conversation(), "talk.wav", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.path("segments")).extracting(s -> s.path("speaker").asText() + ": " + s.path("text").asText())
                .containsExactly("S1: good morning everyone shall we begin", "S2: yes the numbers are in");
        assertThat(answer.path("words").get(0).path("speaker").asText()).isEqualTo("S1");
    }

    @Nested
    class BadInput {

        @Test
        void nonAudioIs400InAnOpenAiEnvelopeAndReachesNoBackend() throws Exception {
            HttpResponse<String> response = post("/v1/audio/transcriptions", "%PDF-1.7 not audio".getBytes(StandardCharsets.UTF_8),
                    "x.pdf", Map.of("model", "parakeet"));

            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode error = json(response).path("error");
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("param").asText()).isEqualTo("file");
            assertThat(error.path("message").asText()).contains("not audio");
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("<html");
            assertThat(parakeet.transcriptionCount()).isZero();
        }

        @Test
        void anEmptyFileOrNoFileIs400() throws Exception {
            assertThat(post("/v1/audio/transcriptions", new byte[0], "empty.wav", Map.of()).statusCode()).isEqualTo(400);
            HttpResponse<String> noFile = post("/api/audio/diarize-chunk", null, null, Map.of("session_id", "x"));
            assertThat(noFile.statusCode()).isEqualTo(400);
            assertThat(json(noFile).path("detail").asText()).contains("'file'");
            assertThat(parakeet.transcriptionCount() + diarizer.diarizeCount()).isZero();
        }

        @Test
        void aHostileSessionIdOrFormatIs400() throws Exception {
            assertThat(post("/api/audio/diarize-chunk", conversation(), "a.wav", Map.of("session_id", "../../etc;rm -rf")).statusCode())
                    .isEqualTo(400);
            assertThat(post("/api/audio/diarize-chunk", conversation(), "a.wav", Map.of("chunk_offset_s", "-3")).statusCode())
                    .isEqualTo(400);
            HttpResponse<String> format = post("/v1/audio/transcriptions", conversation(), "a.wav", Map.of("response_format", "xml"));
            assertThat(format.statusCode()).isEqualTo(400);
            assertThat(json(format).path("error").path("param").asText()).isEqualTo("response_format");
            assertThat(diarizer.diarizeCount() + parakeet.transcriptionCount()).isZero();
        }

        @Test
        void anUploadDeclaredOverTheLimitIs413BeforeItsBodyIsRead() throws Exception {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/audio/transcriptions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 300000000\r\n"
                        + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                String status = in.readLine();
                if (status.startsWith("HTTP/1.1 100")) { // Tomcat answers Expect: 100-continue at once
                    in.readLine();
                    status = in.readLine();
                }
                assertThat(status).startsWith("HTTP/1.1 413");
            }
            assertThat(parakeet.transcriptionCount()).isZero();
        }
    }
}
