package com.sparkcontrol.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sparkcontrol.audio.AudioProperties.TranscriptionApi;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TranscriptionRequestTests {

    private static AudioUpload upload(Map<String, List<String>> fields) {
        return new AudioUpload(fields, Path.of("unused.wav"), "a.wav", 10, AudioFormat.WAV);
    }

    @Test
    void defaultsToJsonWithSegmentGranularity() {
        TranscriptionRequest r = TranscriptionRequest.from(upload(Map.of()));
        assertThat(r.responseFormat()).isEqualTo("json");
        assertThat(r.needsTimestamps()).isFalse();
        assertThat(r.wantsSegments()).isTrue();
    }

    @Test
    void readsGranularitiesAsTheOfficialClientsSendThem() {
        TranscriptionRequest r = TranscriptionRequest.from(upload(Map.of("response_format", List.of("verbose_json"),
                "timestamp_granularities[]", List.of("word", "segment"))));
        assertThat(r.wantsWords()).isTrue();
        assertThat(r.wantsSegments()).isTrue();
        assertThat(r.needsTimestamps()).isTrue();
    }

    @Test
    void mapsIsoLanguagesToNimLocalesButNotForOpenAiBackends() {
        assertThat(TranscriptionRequest.forBackend("en", TranscriptionApi.NIM)).isEqualTo("en-US");
        assertThat(TranscriptionRequest.forBackend("en", TranscriptionApi.AUTO)).isEqualTo("en-US");
        assertThat(TranscriptionRequest.forBackend("de", TranscriptionApi.NIM)).isEqualTo("de-DE");
        assertThat(TranscriptionRequest.forBackend("en-GB", TranscriptionApi.NIM)).isEqualTo("en-GB");
        assertThat(TranscriptionRequest.forBackend(null, TranscriptionApi.NIM)).isEqualTo("en-US");
        assertThat(TranscriptionRequest.forBackend("en", TranscriptionApi.OPENAI)).isEqualTo("en");
        assertThat(TranscriptionRequest.forBackend(null, TranscriptionApi.OPENAI)).isNull();
    }

    @Test
    void reportsLanguagesByNameAsOpenAiDoes() {
        assertThat(TranscriptionRequest.languageName("en", "auto")).isEqualTo("english");
        assertThat(TranscriptionRequest.languageName(null, "en-US")).isEqualTo("english");
        assertThat(TranscriptionRequest.languageName("fr", null)).isEqualTo("french");
    }

    @Nested
    class Refused {

        @Test
        void anUnknownResponseFormat() {
            assertThatThrownBy(() -> TranscriptionRequest.from(upload(Map.of("response_format", List.of("xml")))))
                    .isInstanceOfSatisfying(AudioFailure.class, f -> {
                        assertThat(f.status()).isEqualTo(400);
                        assertThat(f.param()).isEqualTo("response_format");
                    });
        }

        @Test
        void granularitiesWithoutVerboseJson() {
            assertThatThrownBy(() -> TranscriptionRequest.from(upload(Map.of("timestamp_granularities[]", List.of("word")))))
                    .isInstanceOfSatisfying(AudioFailure.class, f -> assertThat(f.param()).isEqualTo("timestamp_granularities"));
        }

        @Test
        void aLanguageThatIsNoCode() {
            assertThatThrownBy(() -> TranscriptionRequest.from(upload(Map.of("language", List.of("en; rm -rf /")))))
                    .isInstanceOfSatisfying(AudioFailure.class, f -> assertThat(f.param()).isEqualTo("language"));
        }

        @Test
        void aTemperatureOutOfRange() {
            assertThatThrownBy(() -> TranscriptionRequest.from(upload(Map.of("temperature", List.of("7")))))
                    .isInstanceOfSatisfying(AudioFailure.class, f -> assertThat(f.param()).isEqualTo("temperature"));
        }
    }
}
