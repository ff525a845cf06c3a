package com.sparkcontrol.sim.backends;

import static com.sparkcontrol.sim.backends.TestHttp.get;
import static com.sparkcontrol.sim.backends.TestHttp.json;
import static com.sparkcontrol.sim.backends.TestHttp.postMultipart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeDiarizerTest {

    private FakeDiarizer diarizer;

    @BeforeEach
    void start() {
        diarizer = new FakeDiarizer(0);
        diarizer.up();
    }

    @AfterEach
    void stop() {
        diarizer.close();
    }

    private JsonNode diarize(byte[] wav) throws Exception {
        HttpResponse<String> response = postMultipart(diarizer.baseUrl() + FakeDiarizer.DIARIZE_CHUNK, Map.of(), "chunk.wav", wav);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    /** Alice, Bob and Carol talk; Bob speaks first in the second half. */
    private static byte[] conversation() {
        return WavScript.builder().secondsPerWord(0.5)
                .turn("alice", "so what do we ship this week")
                .turn("bob", "the gateway and the simulator")
                .turn("alice", "and the dashboard")
                .pause(1)
                .turn("bob", "not yet it needs another pass")
                .turn("carol", "I can take that one")
                .turn("bob", "thanks Carol")
                .build();
    }

    private static double[] vector(JsonNode fingerprint) {
        double[] v = new double[fingerprint.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = fingerprint.get(i).asDouble();
        }
        return v;
    }

    private static double cosine(JsonNode a, JsonNode b) {
        return VoiceFingerprints.cosine(vector(a), vector(b));
    }

    @Test
    void answersTheChunkContractWithLabelsInOrderOfFirstSpeech() throws Exception {
        byte[] wav = WavScript.builder().secondsPerWord(0.5)
                .turn("bob", "hello there").turn("alice", "hi bob").turn("carol", "morning all").turn("bob", "right")
                .build();
        JsonNode body = diarize(wav);
        assertThat(body.path("duration").asDouble()).isCloseTo(WavScript.durationSeconds(wav), within(0.001));
        assertThat(body.path("speakers_detected").toString()).isEqualTo("[\"Speaker_0\",\"Speaker_1\",\"Speaker_2\"]");
        JsonNode segments = body.path("segments");
        assertThat(segments.findValuesAsText("speaker")).containsExactly("Speaker_0", "Speaker_1", "Speaker_2", "Speaker_0");
        JsonNode first = segments.get(0);
        assertThat(first.path("start_s").asDouble()).isZero();
        assertThat(first.path("end_s").asDouble()).isEqualTo(1.04); // 1.0 s rounded up to the 80 ms frame grid
        assertThat(first.path("confidence").asDouble()).isBetween(0.8, 0.99);
        assertThat(body.path("fingerprints").size()).isEqualTo(3);
        for (JsonNode fingerprint : body.path("fingerprints")) {
            assertThat(fingerprint).hasSize(192);
            double[] v = vector(fingerprint);
            assertThat(VoiceFingerprints.cosine(v, v)).isCloseTo(1.0, within(1e-9));
            double norm = Math.sqrt(java.util.Arrays.stream(v).map(x -> x * x).sum());
            assertThat(norm).isCloseTo(1.0, within(1e-4));
        }
        assertThat(body.at("/models/diarization").asText()).isEqualTo("nvidia/diar_sortformer_4spk-v1");
        assertThat(body.at("/models/embedding").asText()).isEqualTo("titanet_large");
    }

    @Test
    void sameVoiceMatchesAcrossChunksWhileLocalLabelsDiffer() throws Exception {
        byte[] wav = conversation();
        double half = 8.5; // inside the pause (8.0..9.25 s): the first chunk starts with alice, the second with bob
        JsonNode one = diarize(WavScript.slice(wav, 0, half));
        JsonNode two = diarize(WavScript.slice(wav, half, WavScript.durationSeconds(wav)));

        assertThat(one.path("speakers_detected")).hasSize(2);
        assertThat(two.path("speakers_detected")).hasSize(2);
        JsonNode aliceInOne = one.at("/fingerprints/Speaker_0");
        JsonNode bobInOne = one.at("/fingerprints/Speaker_1");
        JsonNode bobInTwo = two.at("/fingerprints/Speaker_0");
        JsonNode carolInTwo = two.at("/fingerprints/Speaker_1");

        assertThat(cosine(bobInOne, bobInTwo)).isGreaterThanOrEqualTo(0.8);
        assertThat(cosine(bobInOne, bobInTwo)).isLessThan(0.9999); // per-chunk noise, not a copy
        assertThat(cosine(aliceInOne, bobInOne)).isLessThanOrEqualTo(0.3);
        assertThat(cosine(aliceInOne, bobInTwo)).isLessThanOrEqualTo(0.3);
        assertThat(cosine(carolInTwo, bobInTwo)).isLessThanOrEqualTo(0.3);
        assertThat(cosine(carolInTwo, aliceInOne)).isLessThanOrEqualTo(0.3);
    }

    @Test
    void hearsTheSameVoicesInAChunkStrippedOfItsScript() throws Exception {
        byte[] chunk = WavScript.slice(conversation(), 0, 8.5);
        JsonNode scripted = diarize(chunk);
        JsonNode stripped = diarize(WavScriptTest.withoutScript(chunk));
        assertThat(stripped.path("segments").findValuesAsText("speaker"))
                .isEqualTo(scripted.path("segments").findValuesAsText("speaker"));
        assertThat(cosine(stripped.at("/fingerprints/Speaker_1"), scripted.at("/fingerprints/Speaker_1")))
                .isGreaterThanOrEqualTo(0.8);
        for (int i = 0; i < scripted.path("segments").size(); i++) {
            assertThat(stripped.at("/segments/" + i + "/start_s").asDouble())
                    .isCloseTo(scripted.at("/segments/" + i + "/start_s").asDouble(), within(0.17));
        }
    }

    @Test
    void sharesTheAudioFaultsAndHealth() throws Exception {
        assertThat(json(get(diarizer.baseUrl() + "/v1/health/ready")).path("ready").asBoolean()).isTrue();
        diarizer.setRetryAfterStorm(3, 1);
        HttpResponse<String> response = postMultipart(diarizer.baseUrl() + FakeDiarizer.DIARIZE_CHUNK, Map.of(),
                "chunk.wav", conversation());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("3");
        assertThat(diarizer.stormRemaining()).isZero();
        assertThat(diarizer.diarizeCount()).isEqualTo(1);
    }
}
