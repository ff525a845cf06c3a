package com.sparkcontrol.sim.backends;

import static com.sparkcontrol.sim.backends.TestHttp.await;
import static com.sparkcontrol.sim.backends.TestHttp.get;
import static com.sparkcontrol.sim.backends.TestHttp.json;
import static com.sparkcontrol.sim.backends.TestHttp.postJson;
import static com.sparkcontrol.sim.backends.TestHttp.postJsonForBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FakeKokoroTest {

    private FakeKokoro kokoro;

    @BeforeEach
    void start() {
        kokoro = new FakeKokoro(0);
        kokoro.up();
    }

    @AfterEach
    void stop() {
        kokoro.close();
    }

    private String url(String path) {
        return kokoro.baseUrl() + path;
    }

    private static Map<String, Object> speech(String input, String voice, String format, boolean stream) {
        Map<String, Object> body = new HashMap<>();
        body.put("model", "kokoro");
        body.put("input", input);
        body.put("voice", voice);
        body.put("response_format", format);
        body.put("stream", stream);
        return body;
    }

    @Test
    void wholeWavHasAValidHeaderAndCarriesTheScript() throws Exception {
        String input = "Hello there. This is the simulated Kokoro speaking!";
        HttpResponse<byte[]> response = postJsonForBytes(url(FakeKokoro.SPEECH), speech(input, "bm_george", "wav", false));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("audio/wav");
        assertThat(response.headers().firstValue("Content-Disposition")).contains("attachment; filename=speech.wav");
        byte[] wav = response.body();
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(wav.length);

        WavScript.Info info = WavScript.read(wav);
        assertThat(info.sampleRate()).isEqualTo(24_000);
        assertThat(info.channels()).isEqualTo(1);
        assertThat(info.bitsPerSample()).isEqualTo(16);
        assertThat(info.dataOffset() + info.dataBytes()).isEqualTo(wav.length);
        assertThat(info.durationSeconds()).isCloseTo(
                (input.length() - 1) * FakeKokoro.SECONDS_PER_CHARACTER, within(0.01)); // the space between sentences is not spoken
        WavScript.Script script = info.script().orElseThrow();
        assertThat(script.turns()).extracting(WavScript.Turn::text)
                .containsExactly("Hello there.", "This is the simulated Kokoro speaking!");
        assertThat(script.turns()).extracting(WavScript.Turn::speaker).containsOnly("bm_george");
    }

    @Test
    void durationGrowsWithInputAndShrinksWithSpeed() throws Exception {
        double shortOne = wavSeconds(speech("Short.", "af_heart", "wav", false));
        double longOne = wavSeconds(speech("A much longer sentence to be spoken aloud.", "af_heart", "wav", false));
        Map<String, Object> fast = speech("A much longer sentence to be spoken aloud.", "af_heart", "wav", false);
        fast.put("speed", 2.0);
        assertThat(longOne).isGreaterThan(shortOne * 3);
        assertThat(wavSeconds(fast)).isCloseTo(longOne / 2, within(0.01));
    }

    private double wavSeconds(Map<String, Object> request) throws Exception {
        return WavScript.read(postJsonForBytes(url(FakeKokoro.SPEECH), request).body()).durationSeconds();
    }

    @Test
    void streamsAWavSentenceBySentenceInSeparateChunks() throws Exception {
        String input = "One sentence here. Another one follows. And a third!";
        RawHttp.Response response = RawHttp.postJson(kokoro.port(), FakeKokoro.SPEECH,
                TestHttp.write(Map.of("input", input, "voice", "af_bella", "response_format", "wav")));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers())
                .containsEntry("content-type", "audio/wav")
                .containsEntry("content-disposition", "attachment; filename=speech.wav")
                .containsEntry("x-accel-buffering", "no")
                .containsEntry("cache-control", "no-cache")
                .containsEntry("transfer-encoding", "chunked")
                .doesNotContainKey("content-length");
        WavScript.Info info = WavScript.read(response.body());
        assertThat(info.dataOffset() + info.dataBytes()).isEqualTo(response.body().length);
        assertThat(info.script().orElseThrow().turns()).hasSize(3);
        // the server frames writes in 4 KiB chunks, so a chunk ends exactly at the header and at each
        // sentence's last sample only because each was flushed on its own
        java.util.Set<Long> chunkEnds = new java.util.HashSet<>();
        long offset = 0;
        for (byte[] chunk : response.chunks()) {
            offset += chunk.length;
            chunkEnds.add(offset);
        }
        assertThat(response.chunks().get(0).length).isEqualTo((int) info.dataOffset());
        for (WavScript.Turn turn : info.script().orElseThrow().turns()) {
            assertThat(chunkEnds).contains(info.dataOffset() + Math.round(turn.end() * 24_000) * 2);
        }
    }

    @Test
    void pcmIsRawSamplesWithoutHeader() throws Exception {
        String input = "Raw samples please.";
        HttpResponse<byte[]> response = postJsonForBytes(url(FakeKokoro.SPEECH), speech(input, "af_heart", "pcm", false));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("audio/pcm");
        long samples = Math.round(input.length() * FakeKokoro.SECONDS_PER_CHARACTER * 24_000);
        assertThat((long) response.body().length).isEqualTo(samples * 2);
        assertThat(new String(response.body(), 0, 4)).isNotEqualTo("RIFF");
    }

    @Test
    void openAiVoiceNamesAndCombinationsAreAccepted() throws Exception {
        WavScript.Info alloy = WavScript.read(postJsonForBytes(url(FakeKokoro.SPEECH), speech("Hi.", "alloy", "wav", false)).body());
        assertThat(alloy.script().orElseThrow().turns().get(0).speaker()).isEqualTo("am_adam");
        HttpResponse<byte[]> mixed = postJsonForBytes(url(FakeKokoro.SPEECH), speech("Hi.", "af_bella(2)+af_sky", "wav", false));
        assertThat(mixed.statusCode()).isEqualTo(200);
        assertThat(WavScript.read(mixed.body()).script().orElseThrow().turns().get(0).speaker()).isEqualTo("af_bella(2)+af_sky");
    }

    @Test
    void clientLeavingMidStreamIsCountedAsAborted() throws Exception {
        kokoro.setChunkInterval(Duration.ofMillis(200));
        String input = "Sentence. ".repeat(30);
        HttpResponse<InputStream> response = TestHttp.postJsonStreaming(url(FakeKokoro.SPEECH),
                speech(input, "af_heart", "wav", true));
        assertThat(response.body().readNBytes(100)).hasSize(100);
        response.body().close();
        await("aborted stream", () -> kokoro.abortedStreams() == 1);
    }

    @Test
    void listsVoicesModelsAndHealth() throws Exception {
        JsonNode voices = json(get(url("/v1/audio/voices"))).path("voices");
        assertThat(voices.findValuesAsText("id")).contains("bm_george", "af_heart", "af_bella", "am_adam");
        assertThat(voices.get(0).path("name").asText()).isEqualTo(voices.get(0).path("id").asText());
        assertThat(json(get(url("/v1/audio/voices?legacy=true"))).at("/voices/0").isTextual()).isTrue();
        assertThat(json(get(url("/health"))).path("status").asText()).isEqualTo("healthy");
        JsonNode models = json(get(url("/v1/models")));
        assertThat(models.path("data").findValuesAsText("id")).contains("tts-1", "tts-1-hd", "kokoro");
        assertThat(models.at("/data/0/owned_by").asText()).isEqualTo("kokoro");
    }

    @Nested
    class Refusals {

        @Test
        void unknownModelIsInvalidModel() throws Exception {
            Map<String, Object> request = speech("Hi.", "af_heart", "wav", false);
            request.put("model", "whisper-1");
            HttpResponse<String> response = postJson(url(FakeKokoro.SPEECH), request);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).at("/detail/error").asText()).isEqualTo("invalid_model");
            assertThat(json(response).at("/detail/type").asText()).isEqualTo("invalid_request_error");
        }

        @Test
        void unknownVoiceNamesTheAvailableVoices() throws Exception {
            HttpResponse<String> response = postJson(url(FakeKokoro.SPEECH), speech("Hi.", "xx_nobody", "wav", false));
            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode detail = json(response).path("detail");
            assertThat(detail.path("error").asText()).isEqualTo("validation_error");
            assertThat(detail.path("message").asText()).startsWith("Voice 'xx_nobody' not found. Available voices: ")
                    .contains("bm_george");
            assertThat(detail.path("type").asText()).isEqualTo("invalid_request_error");
        }

        @Test
        void speedOutOfRangeIsA422List() throws Exception {
            Map<String, Object> request = speech("Hi.", "af_heart", "wav", false);
            request.put("speed", 5);
            HttpResponse<String> response = postJson(url(FakeKokoro.SPEECH), request);
            assertThat(response.statusCode()).isEqualTo(422);
            JsonNode item = json(response).at("/detail/0");
            assertThat(item.path("type").asText()).isEqualTo("less_than_equal");
            assertThat(item.path("loc").toString()).isEqualTo("[\"body\",\"speed\"]");
        }

        @Test
        void compressedFormatsAreRefusedClearlyIncludingTheMp3Default() throws Exception {
            HttpResponse<String> mp3 = postJson(url(FakeKokoro.SPEECH), Map.of("input", "Hi.", "voice", "af_heart"));
            assertThat(mp3.statusCode()).isEqualTo(400);
            assertThat(json(mp3).at("/detail/error").asText()).isEqualTo("validation_error");
            assertThat(json(mp3).at("/detail/message").asText()).contains("only wav and pcm").contains("mp3");
            for (String format : new String[] {"opus", "aac", "flac"}) {
                assertThat(postJson(url(FakeKokoro.SPEECH), speech("Hi.", "af_heart", format, false)).statusCode())
                        .isEqualTo(400);
            }
            assertThat(postJson(url(FakeKokoro.SPEECH), speech("Hi.", "af_heart", "ogg", false)).statusCode())
                    .isEqualTo(422);
        }

        @Test
        void missingInputAndBadJsonAre422() throws Exception {
            HttpResponse<String> missing = postJson(url(FakeKokoro.SPEECH), Map.of("voice", "af_heart"));
            assertThat(missing.statusCode()).isEqualTo(422);
            assertThat(json(missing).at("/detail/0/type").asText()).isEqualTo("missing");
            HttpResponse<String> bad = TestHttp.post(url(FakeKokoro.SPEECH), "application/json", "{");
            assertThat(bad.statusCode()).isEqualTo(422);
            assertThat(json(bad).at("/detail/0/type").asText()).isEqualTo("json_invalid");
        }
    }
}
