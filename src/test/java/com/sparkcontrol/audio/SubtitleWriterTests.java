package com.sparkcontrol.audio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SubtitleWriterTests {

    private final ObjectMapper json = new ObjectMapper();

    private Transcript transcript(String body) throws Exception {
        return Transcript.parse(json.readTree(body));
    }

    @Test
    void writesSrtAndVttFromSegments() throws Exception {
        Transcript t = transcript("""
                {"text":"Hello there. General Kenobi.","segments":[
                  {"start":0.0,"end":1.25,"text":" Hello there."},
                  {"start":1.5,"end":3661.007,"text":"General Kenobi."}]}""");

        assertThat(SubtitleWriter.srt(t)).isEqualTo("""
                1
                00:00:00,000 --> 00:00:01,250
                Hello there.

                2
                00:00:01,500 --> 01:01:01,007
                General Kenobi.

                """);
        assertThat(SubtitleWriter.vtt(t)).isEqualTo("""
                WEBVTT

                00:00:00.000 --> 00:00:01.250
                Hello there.

                00:00:01.500 --> 01:01:01.007
                General Kenobi.

                """);
    }

    @Test
    void buildsCuesFromWordsWhenThereAreNoSegments() throws Exception {
        Transcript t = transcript("""
                {"text":"one two. three","words":[
                  {"word":"one","start":0.0,"end":0.4},{"word":"two.","start":0.5,"end":0.9},
                  {"word":"three","start":1.0,"end":1.4}]}""");

        assertThat(SubtitleWriter.srt(t)).isEqualTo("""
                1
                00:00:00,000 --> 00:00:00,900
                one two.

                2
                00:00:01,000 --> 00:00:01,400
                three

                """);
    }

    @Test
    void readsShadowfitaStyleTimestampsAndWordsNestedInSegments() throws Exception {
        assertThat(transcript("{\"text\":\"a\",\"timestamps\":{\"words\":[{\"text\":\"a\",\"start\":0,\"end\":1}]}}").words())
                .containsExactly(new Transcript.Word("a", 0, 1));
        assertThat(transcript("{\"segments\":[{\"start\":0,\"end\":1,\"text\":\"b\",\"words\":[{\"word\":\"b\",\"start\":0.1,\"end\":0.9}]}]}").words())
                .containsExactly(new Transcript.Word("b", 0.1, 0.9));
    }

    @Test
    void nimTextHasNoTimings() throws Exception {
        Transcript t = transcript("{\"text\":\"just text\"}");
        assertThat(SubtitleWriter.canWrite(t)).isFalse();
        assertThat(t.text()).isEqualTo("just text");
    }
}
