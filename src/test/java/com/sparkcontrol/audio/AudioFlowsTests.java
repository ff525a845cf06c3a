package com.sparkcontrol.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.sim.backends.WavScript;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Transcription formats, diarization sessions and transcribe-with-speakers, against the simulator's fake Parakeet and diarizer. */
class AudioFlowsTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = "af_heart";
    private static final String BOB = "bm_george";
    private static final String CAROL = "ef_dora";

    private AudioRig rig;

    private AudioRig rig(Map<String, String> settings) throws Exception {
        return rig(settings, null);
    }

    private AudioRig rig(Map<String, String> settings, String parakeetUrl) throws Exception {
        rig = new AudioRig(settings, parakeetUrl);
        return rig;
    }

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    private static WavScript.Builder conversation() {
        return WavScript.builder().sampleRate(16_000)
                .turn(ALICE, "good morning everyone shall we begin")
                .turn(BOB, "yes the numbers are in")
                .turn(ALICE, "great go ahead");
    }

    private static JsonNode json(AudioAnswer answer) throws Exception {
        return JSON.readTree(answer.body());
    }

    private static String text(AudioAnswer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    @Nested
    class Transcription {

        @Test
        void answersEveryOpenAiFormat() throws Exception {
            AudioRig rig = rig(Map.of());
            byte[] wav = conversation().build();

            assertThat(json(rig.transcribe(wav, Map.of())).path("text").asText())
                    .isEqualTo("good morning everyone shall we begin yes the numbers are in great go ahead");
            assertThat(text(rig.transcribe(wav, Map.of("response_format", List.of("text")))))
                    .startsWith("good morning everyone");
            assertThat(text(rig.transcribe(wav, Map.of("response_format", List.of("srt")))))
                    .startsWith("1\n00:00:00,000 --> 00:00:02,400\ngood morning everyone shall we begin\n\n2\n00:00:02,650 --> ");
            assertThat(text(rig.transcribe(wav, Map.of("response_format", List.of("vtt")))))
                    .startsWith("WEBVTT\n\n00:00:00.000 --> 00:00:02.400\ngood morning everyone shall we begin\n\n");

            JsonNode verbose = json(rig.transcribe(wav, Map.of("response_format", List.of("verbose_json"),
                    "timestamp_granularities[]", List.of("word"), "language", List.of("en"))));
            assertThat(verbose.path("task").asText()).isEqualTo("transcribe");
            assertThat(verbose.path("language").asText()).isEqualTo("english");
            assertThat(verbose.path("words")).hasSize(14);
            assertThat(verbose.path("words").get(0).path("word").asText()).isEqualTo("good");
            assertThat(verbose.has("segments")).isFalse();
            assertThat(rig.parakeet.transcriptionCount()).isEqualTo(5);
        }

        @Test
        void aNimBackendIsAskedOnlyForWhatItHasAndSrtIsRefusedClearlyWithoutACall() throws Exception {
            AudioRig rig = rig(Map.of("transcription-api", "nim"));

            assertThatThrownBy(() -> rig.transcribe(conversation().build(), Map.of("response_format", List.of("srt"))))
                    .isInstanceOfSatisfying(AudioFailure.class, f -> {
                        assertThat(f.status()).isEqualTo(400);
                        assertThat(f.getMessage()).contains("NIM").contains("json and text");
                    });
            assertThat(rig.parakeet.transcriptionCount()).isZero();
            assertThat(json(rig.transcribe(conversation().build(), Map.of())).path("text").asText()).startsWith("good morning");
        }
    }

    @Nested
    class NimBackendInAutoMode {

        @Test
        void aRefusedVerboseJsonIsSaidClearlyAndRememberedSoLaterAsksCostNoGpuCall() throws Exception {
            try (NimLikeParakeet nim = new NimLikeParakeet()) {
                AudioRig rig = rig(Map.of(), nim.baseUrl());

                assertThatThrownBy(() -> rig.transcribe(conversation().build(), Map.of("response_format", List.of("vtt"))))
                        .isInstanceOfSatisfying(AudioFailure.class, f -> {
                            assertThat(f.status()).isEqualTo(400);
                            assertThat(f.param()).isEqualTo("response_format");
                            assertThat(f.getMessage()).contains("only json and text");
                        });
                assertThat(nim.requests).hasValue(1);

                assertThatThrownBy(() -> rig.transcribe(conversation().build(), Map.of("response_format", List.of("srt"))))
                        .isInstanceOf(AudioFailure.class);
                assertThat(nim.requests).hasValue(1);
                assertThat(json(rig.transcribe(conversation().build(), Map.of("language", List.of("en")))).path("text").asText())
                        .isEqualTo("nim heard you");
                assertThat(nim.lastForm).contains("name=\"language\"\r\n\r\nen-US\r\n").doesNotContain("name=\"model\"");
            }
        }
    }

    @Nested
    class NimBackend {

        @Test
        void inAutoModeTheFirstSpeakerTranscriptLearnsTheLimitationAndTheRetryIsCutAtTurns() throws Exception {
            try (NimLikeParakeet nim = new NimLikeParakeet()) {
                AudioRig rig = rig(Map.of(), nim.baseUrl());

                assertThatThrownBy(() -> rig.transcribeWithSpeakers(conversation().build())).isInstanceOfSatisfying(AudioFailure.class, f -> {
                    assertThat(f.status()).isEqualTo(503);
                    assertThat(f.retryAfterSeconds()).isEqualTo(1);
                    assertThat(f.getMessage()).contains("send the request again");
                });
                assertThat(json(rig.transcribeWithSpeakers(conversation().build())).path("word_timing").asText()).isEqualTo("estimated");
            }
        }

        @Test
        void transcribeWithSpeakersCutsTheAudioAtSpeakerTurnsAndTranscribesEachTurn() throws Exception {
            try (NimLikeParakeet nim = new NimLikeParakeet()) {
                AudioRig rig = rig(Map.of("transcription-api", "nim"), nim.baseUrl());

                JsonNode answer = json(rig.transcribeWithSpeakers(conversation().build()));

                assertThat(answer.path("word_timing").asText()).isEqualTo("estimated");
                assertThat(answer.path("speakers")).extracting(JsonNode::asText).containsExactly("S1", "S2");
                assertThat(answer.path("segments")).extracting(s -> s.path("speaker").asText() + ": " + s.path("text").asText())
                        .containsExactly("S1: nim heard you", "S2: nim heard you", "S1: nim heard you");
                JsonNode second = answer.path("segments").get(1);
                assertThat(second.path("start").asDouble()).isBetween(2.4, 2.8);  // Bob's turn: 2.65–4.65 s, on an 80 ms grid
                assertThat(second.path("end").asDouble()).isBetween(4.5, 4.8);
                assertThat(nim.requests).as("one transcription per speaker turn, no verbose_json").hasValue(3);
                assertThat(nim.lastForm).contains("name=\"response_format\"\r\n\r\njson\r\n");
                assertThat(rig.diarizer.diarizeCount()).isEqualTo(1);
            }
        }

        @Test
        void withoutWordTimestampsOnlyPcmWavCanBeCut() throws Exception {
            try (NimLikeParakeet nim = new NimLikeParakeet()) {
                AudioRig rig = rig(Map.of("transcription-api", "nim"), nim.baseUrl());
                byte[] flac = "fLaC\0\0\0\"not really".getBytes(StandardCharsets.ISO_8859_1);

                assertThatThrownBy(() -> rig.transcribeWithSpeakers(flac)).isInstanceOfSatisfying(AudioFailure.class, f -> {
                    assertThat(f.status()).isEqualTo(400);
                    assertThat(f.getMessage()).contains("PCM WAV");
                });
                assertThat(nim.requests).hasValue(0);
                assertThat(rig.diarizer.diarizeCount()).isZero();
            }
        }
    }

    @Nested
    class DiarizationSessions {

        @Test
        void aThreeChunkConversationKeepsItsSpeakersGlobalLabels() throws Exception {
            AudioRig rig = rig(Map.of());
            byte[] first = WavScript.builder().sampleRate(16_000).turn(ALICE, "one two three four five six")
                    .turn(BOB, "seven eight nine ten eleven").build();
            byte[] second = WavScript.builder().sampleRate(16_000).turn(BOB, "bob speaks first this time")
                    .turn(ALICE, "and alice answers him now").build();
            byte[] third = WavScript.builder().sampleRate(16_000).turn(ALICE, "alice again briefly")
                    .turn(CAROL, "carol joins the call at last").build();

            JsonNode one = json(rig.diarize(first, "meeting-1", 0.0));
            JsonNode two = json(rig.diarize(second, "meeting-1", 4.7));
            JsonNode three = json(rig.diarize(third, "meeting-1", 9.4));

            assertThat(globals(one)).containsExactly("S1", "S2");
            assertThat(locals(two)).containsExactly("Speaker_0", "Speaker_1"); // the diarizer's labels restart per chunk
            assertThat(globals(two)).containsExactly("S2", "S1");
            assertThat(globals(three)).containsExactly("S1", "S3");
            assertThat(two.path("speakers").path("Speaker_0").asText()).isEqualTo("S2");
            assertThat(three.path("session_id").asText()).isEqualTo("meeting-1");
            assertThat(three.path("session_speakers")).hasSize(3);
            assertThat(two.path("segments").get(0).path("session_start_s").asDouble()).isEqualTo(4.7);
            assertThat(one.path("fingerprints").path("Speaker_0")).hasSize(192);
            assertThat(rig.diarizer.maxConcurrency()).isEqualTo(1);
        }

        @Test
        void withoutASessionTheDiarizersOwnShapeComesBack() throws Exception {
            AudioRig rig = rig(Map.of());
            JsonNode answer = json(rig.diarize(conversation().build(), null, null));
            assertThat(locals(answer)).containsExactly("Speaker_0", "Speaker_1", "Speaker_0");
            assertThat(answer.has("speakers")).isFalse();
            assertThat(answer.path("segments").get(0).has("global_speaker")).isFalse();
            assertThat(rig.sessions.count()).isZero();
        }

        private List<String> globals(JsonNode answer) {
            List<String> labels = new ArrayList<>();
            answer.path("segments").forEach(s -> labels.add(s.path("global_speaker").asText()));
            return labels;
        }

        private List<String> locals(JsonNode answer) {
            List<String> labels = new ArrayList<>();
            answer.path("segments").forEach(s -> labels.add(s.path("speaker").asText()));
            return labels;
        }
    }

    @Nested
    class TranscriptWithSpeakers {

        @Test
        void eachWordGetsItsSpeakerAndTurnsBecomeSegments() throws Exception {
            AudioRig rig = rig(Map.of());
            JsonNode answer = json(rig.transcribeWithSpeakers(conversation().build()));

            assertThat(answer.path("speakers")).extracting(JsonNode::asText).containsExactly("S1", "S2");
            assertThat(answer.path("segments")).hasSize(3);
            assertThat(answer.path("segments").get(0).path("speaker").asText()).isEqualTo("S1");
            assertThat(answer.path("segments").get(0).path("text").asText()).isEqualTo("good morning everyone shall we begin");
            assertThat(answer.path("segments").get(1).path("speaker").asText()).isEqualTo("S2");
            assertThat(answer.path("segments").get(1).path("text").asText()).isEqualTo("yes the numbers are in");
            assertThat(answer.path("segments").get(2).path("speaker").asText()).isEqualTo("S1");
            assertThat(answer.path("words")).hasSize(14);
            assertThat(answer.path("chunks").asInt()).isEqualTo(1);
            assertThat(rig.parakeet.transcriptionCount()).isEqualTo(1);
            assertThat(rig.diarizer.diarizeCount()).isEqualTo(1);
        }

        @Test
        void aLongWavIsChunkedWithOverlapAndKeepsSpeakersAcrossChunks() throws Exception {
            AudioRig rig = rig(Map.of("chunking.length", "8s", "chunking.overlap", "2s"));
            WavScript.Builder talk = WavScript.builder().sampleRate(16_000).secondsPerWord(0.4);
            String[] speakers = {ALICE, BOB, CAROL, ALICE, BOB, ALICE};
            for (String speaker : speakers) {
                talk.turn(speaker, "a b c d e f g h i j"); // 4 s per turn
            }
            byte[] wav = talk.build();
            WavScript.Script script = talk.script();

            JsonNode answer = json(rig.transcribeWithSpeakers(wav));

            assertThat(answer.path("chunks").asInt()).isEqualTo(4);
            assertThat(rig.parakeet.transcriptionCount()).isEqualTo(4);
            assertThat(rig.diarizer.diarizeCount()).isEqualTo(4);
            assertThat(rig.parakeet.maxConcurrency()).isEqualTo(1);
            Map<String, String> labelOf = new HashMap<>();
            double previousEnd = -1;
            for (JsonNode word : answer.path("words")) {
                double start = word.path("start").asDouble();
                double end = word.path("end").asDouble();
                assertThat(start).as("no word twice in an overlap").isGreaterThanOrEqualTo(previousEnd - 0.05);
                previousEnd = end;
                String truth = speakerAt(script, (start + end) / 2);
                if (truth == null) {
                    continue;
                }
                String label = word.path("speaker").asText();
                assertThat(labelOf.computeIfAbsent(truth, t -> label)).as("the label of %s at %.2f s", truth, start).isEqualTo(label);
            }
            // 24 s of speech at about one (stand-in) word per 0.4 s: the overlaps added none twice
            assertThat(answer.path("words").size()).isBetween(56, 64);
            assertThat(labelOf).hasSize(3);
            assertThat(labelOf.values()).containsExactlyInAnyOrder("S1", "S2", "S3");
            assertThat(answer.path("duration").asDouble()).isCloseTo(talk.durationSeconds(), org.assertj.core.data.Offset.offset(0.1));
        }

        @Test
        void aDiarizerThatIsDownFailsTheWholeRequestClearlyAndLeavesNoChunkFiles() throws Exception {
            AudioRig rig = rig(Map.of("chunking.length", "8s", "chunking.overlap", "2s"));
            rig.diarizer.down();
            WavScript.Builder talk = WavScript.builder().sampleRate(16_000);
            for (int i = 0; i < 4; i++) {
                talk.turn(i % 2 == 0 ? ALICE : BOB, "a b c d e f g h i j");
            }

            long before = chunkFiles();
            assertThatThrownBy(() -> rig.transcribeWithSpeakers(talk.build())).isInstanceOfSatisfying(AudioFailure.class, f -> {
                assertThat(f.status()).isEqualTo(503);
                assertThat(f.getMessage()).contains("diarizer");
                assertThat(f.retryAfterSeconds()).isPositive();
            });
            assertThat(rig.parakeet.transcriptionCount()).as("stopped at the first chunk").isEqualTo(1);
            assertThat(chunkFiles()).isEqualTo(before);
        }

        private long chunkFiles() throws java.io.IOException {
            try (var files = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
                return files.filter(f -> f.getFileName().toString().startsWith("sparkcontrol-audio-chunk-")).count();
            }
        }

        private String speakerAt(WavScript.Script script, double seconds) {
            for (WavScript.Turn turn : script.turns()) {
                // a little margin: the fakes place turns on an 80 ms grid
                if (seconds >= turn.start() + 0.1 && seconds <= turn.end() - 0.1) {
                    return turn.speaker();
                }
            }
            return null;
        }
    }
}
