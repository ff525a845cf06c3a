package com.sparkcontrol.sim.backends;

import static com.sparkcontrol.sim.backends.TestHttp.await;
import static com.sparkcontrol.sim.backends.TestHttp.get;
import static com.sparkcontrol.sim.backends.TestHttp.json;
import static com.sparkcontrol.sim.backends.TestHttp.postMultipart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FakeParakeetTest {

    private FakeParakeet parakeet;
    private FakeKokoro kokoro;

    @BeforeEach
    void start() {
        parakeet = new FakeParakeet(0);
        parakeet.up();
    }

    @AfterEach
    void stop() {
        parakeet.close();
        if (kokoro != null) {
            kokoro.close();
        }
    }

    private String transcriptions() {
        return parakeet.baseUrl() + FakeParakeet.TRANSCRIPTIONS;
    }

    private HttpResponse<String> transcribe(byte[] wav, Map<String, String> fields) throws Exception {
        return postMultipart(transcriptions(), fields, "speech.wav", wav);
    }

    @Test
    void reportsReadyLikeANim() throws Exception {
        HttpResponse<String> ready = get(parakeet.baseUrl() + "/v1/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).path("ready").asBoolean()).isTrue();
    }

    @Test
    void hearsWhatKokoroSaidWithWordTimestamps() throws Exception {
        kokoro = new FakeKokoro(0);
        kokoro.up();
        String input = "The quick brown fox jumps. Over the lazy dog!";
        byte[] wav = TestHttp.postJsonForBytes(kokoro.baseUrl() + FakeKokoro.SPEECH,
                Map.of("input", input, "voice", "af_heart", "response_format", "wav")).body();

        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("model", "parakeet-tdt-0.6b-v3");
        fields.put("response_format", "verbose_json");
        fields.put("timestamp_granularities[]", "word");
        fields.put("timestamp_granularities[]#2", "segment");
        HttpResponse<String> response = transcribe(wav, fields);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("task").asText()).isEqualTo("transcribe");
        assertThat(body.path("text").asText()).isEqualTo(input);
        assertThat(body.path("duration").asDouble()).isCloseTo(WavScript.durationSeconds(wav), within(0.001));
        assertThat(body.path("segments")).hasSize(2);
        assertThat(body.at("/segments/1/text").asText()).isEqualTo("Over the lazy dog!");

        List<WavScript.Word> expected = new ArrayList<>();
        WavScript.read(wav).script().orElseThrow().turns().forEach(turn -> expected.addAll(turn.words()));
        JsonNode words = body.path("words");
        assertThat(words).hasSize(9);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(words.get(i).path("word").asText()).isEqualTo(expected.get(i).text());
            assertThat(words.get(i).path("start").asDouble()).isEqualTo(expected.get(i).start());
            assertThat(words.get(i).path("end").asDouble()).isEqualTo(expected.get(i).end());
        }
        for (int i = 1; i < words.size(); i++) {
            assertThat(words.get(i).path("start").asDouble()).isGreaterThanOrEqualTo(words.get(i - 1).path("end").asDouble());
        }
        assertThat(body.at("/segments/0/start").asDouble()).isZero();
        assertThat(body.at("/segments/0/end").asDouble()).isEqualTo(body.at("/words/4/end").asDouble());
    }

    @Test
    void answersTheOtherFormats() throws Exception {
        byte[] wav = WavScript.builder().turn("bm_george", "Good morning").turn("af_heart", "Hello George").build();
        assertThat(json(transcribe(wav, Map.of())).path("text").asText()).isEqualTo("Good morning Hello George");
        HttpResponse<String> text = transcribe(wav, Map.of("response_format", "text"));
        assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(text.body()).isEqualTo("Good morning Hello George");
        assertThat(transcribe(wav, Map.of("response_format", "srt")).body())
                .isEqualTo("1\n00:00:00,000 --> 00:00:00,800\nGood morning\n\n2\n00:00:01,050 --> 00:00:01,850\nHello George\n\n");
        assertThat(transcribe(wav, Map.of("response_format", "vtt")).body()).startsWith("WEBVTT\n\n00:00:00.000 --> ");
        JsonNode verbose = json(transcribe(wav, Map.of("response_format", "verbose_json", "language", "en")));
        assertThat(verbose.path("language").asText()).isEqualTo("en");
        assertThat(verbose.get("words").isNull()).as("words only when asked for").isTrue();
    }

    @Test
    void givesStandInWordsOverTheDurationOfAnUnscriptedWav() throws Exception {
        byte[] wav = WavScriptTest.withoutScript(WavScriptTest.meeting().build());
        JsonNode body = json(transcribe(wav, Map.of("response_format", "verbose_json", "timestamp_granularities[]", "word")));
        assertThat(body.path("text").asText()).isNotBlank();
        JsonNode words = body.path("words");
        assertThat(words.size()).isGreaterThan(3);
        assertThat(words.get(words.size() - 1).path("end").asDouble()).isLessThanOrEqualTo(body.path("duration").asDouble());
        assertThat(json(transcribe(wav, Map.of())).path("text").asText()).as("deterministic").isEqualTo(body.path("text").asText());
    }

    @Nested
    class Refusals {

        @Test
        void emptyUploadIs400Detail() throws Exception {
            HttpResponse<String> response = transcribe(new byte[0], Map.of());
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).path("detail").isTextual()).isTrue();
        }

        @Test
        void nonAudioIs400Detail() throws Exception {
            HttpResponse<String> response = transcribe("ID3 this is an mp3, honest".getBytes(StandardCharsets.US_ASCII), Map.of());
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).path("detail").asText()).contains("WAVE");
        }

        @Test
        void missingFileIs422() throws Exception {
            HttpResponse<String> response = postMultipart(transcriptions(), Map.of("model", "x"), null, null);
            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(json(response).at("/detail/0/loc/1").asText()).isEqualTo("file");
        }
    }

    @Nested
    class Faults {

        private final byte[] wav = WavScript.builder().turn("am_adam", "one two three").build();

        @Test
        void retryAfterStormAnswers503ForTheNextNRequests() throws Exception {
            parakeet.setRetryAfterStorm(7, 2);
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> response = transcribe(wav, Map.of());
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).contains("7");
                assertThat(json(response).path("detail").isTextual()).isTrue();
            }
            assertThat(transcribe(wav, Map.of()).statusCode()).isEqualTo(200);
            assertThat(parakeet.transcriptionCount()).isEqualTo(3);
            assertThat(get(parakeet.baseUrl() + "/v1/health/ready").statusCode()).isEqualTo(200);
        }

        @Test
        void highWaterMarkCountsConcurrentTranscriptions() throws Exception {
            parakeet.hang(true);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    calls.add(CompletableFuture.supplyAsync(() -> call(wav), pool));
                }
                await("three transcriptions in flight", () -> parakeet.inFlight() == 3);
                assertThat(parakeet.maxConcurrency()).isEqualTo(3);
                parakeet.hang(false);
                for (CompletableFuture<HttpResponse<String>> c : calls) {
                    assertThat(c.get().statusCode()).isEqualTo(200);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(parakeet.inFlight()).as("released before the responses were sent").isZero();
            parakeet.reset();
            transcribe(wav, Map.of());
            assertThat(parakeet.maxConcurrency()).isEqualTo(1);
        }

        @Test
        void fftRaceRejectsASecondConcurrentRequest() throws Exception {
            parakeet.fftRaceOnConcurrency(true);
            parakeet.hang(true);
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> call(wav));
            await("the first transcription", () -> parakeet.inFlight() == 1);
            HttpResponse<String> second = transcribe(wav, Map.of());
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.headers().firstValue("Retry-After")).contains("60");
            assertThat(json(second).path("detail").asText()).isNotBlank();
            parakeet.hang(false);
            assertThat(first.get().statusCode()).isEqualTo(200);
            assertThat(transcribe(wav, Map.of()).statusCode()).as("one at a time is fine").isEqualTo(200);
        }

        @Test
        void backToBackRequestsNeverOverlapEvenUnderTheFftRace() throws Exception {
            parakeet.fftRaceOnConcurrency(true);
            for (int i = 0; i < 25; i++) {
                assertThat(transcribe(wav, Map.of()).statusCode()).isEqualTo(200);
            }
            assertThat(parakeet.maxConcurrency()).isEqualTo(1);
        }

        private HttpResponse<String> call(byte[] audio) {
            try {
                return transcribe(audio, Map.of());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
