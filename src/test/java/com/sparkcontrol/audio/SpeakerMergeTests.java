package com.sparkcontrol.audio;

import static org.assertj.core.api.Assertions.assertThat;

import com.sparkcontrol.audio.SpeakerMerge.LabelledWord;
import com.sparkcontrol.audio.SpeakerMerge.SpeakerSegment;
import com.sparkcontrol.audio.SpeakerMerge.Turn;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SpeakerMergeTests {

    /** S1 talks 0–2 s, S2 2–4 s, a pause, S1 again 5–6 s. */
    private static List<SpeakerSegment> conversation() {
        return List.of(new SpeakerSegment(0.0, 2.0, "S1"), new SpeakerSegment(2.0, 4.0, "S2"), new SpeakerSegment(5.0, 6.0, "S1"));
    }

    private static Transcript.Word word(String text, double start, double end) {
        return new Transcript.Word(text, start, end);
    }

    @Test
    void everyWordGetsTheSpeakerWhoseTurnOverlapsItMostAndRunsBecomeSegments() {
        List<Transcript.Word> words = List.of(
                word("hello", 0.1, 0.6),
                word("there", 0.7, 1.2),
                word("friend", 1.8, 2.3),   // 0.2 s in S1, 0.3 s in S2 → S2
                word("hi", 2.5, 2.9),
                word("again", 3.7, 4.2),    // 0.3 s in S2, 0.2 s in the pause → S2
                word("back", 4.6, 5.3),     // 0.3 s in S1's second turn → S1
                word("bye", 5.5, 5.9));

        SpeakerMerge.Result merged = SpeakerMerge.merge(words, conversation());

        assertThat(merged.words()).containsExactly(
                new LabelledWord("hello", 0.1, 0.6, "S1"),
                new LabelledWord("there", 0.7, 1.2, "S1"),
                new LabelledWord("friend", 1.8, 2.3, "S2"),
                new LabelledWord("hi", 2.5, 2.9, "S2"),
                new LabelledWord("again", 3.7, 4.2, "S2"),
                new LabelledWord("back", 4.6, 5.3, "S1"),
                new LabelledWord("bye", 5.5, 5.9, "S1"));
        assertThat(merged.segments()).containsExactly(
                new Turn("S1", 0.1, 1.2, "hello there"),
                new Turn("S2", 1.8, 4.2, "friend hi again"),
                new Turn("S1", 4.6, 5.9, "back bye"));
        assertThat(merged.speakers()).containsExactly("S1", "S2");
    }

    @Nested
    class WordsOnBorders {

        @Test
        void aWordSplitEvenlyByABorderGoesToTheTurnThatStartedFirst() {
            assertThat(SpeakerMerge.speakerOf(word("even", 1.5, 2.5), conversation())).isEqualTo("S1");
        }

        @Test
        void aWordStartingExactlyWhereATurnEndsBelongsToTheNextTurn() {
            assertThat(SpeakerMerge.speakerOf(word("next", 2.0, 2.4), conversation())).isEqualTo("S2");
        }

        @Test
        void aWordEndingExactlyWhereATurnStartsBelongsToThePreviousTurn() {
            assertThat(SpeakerMerge.speakerOf(word("last", 1.6, 2.0), conversation())).isEqualTo("S1");
        }

        @Test
        void aZeroLengthWordOnABorderGoesToTheTurnThatStartedFirst() {
            assertThat(SpeakerMerge.speakerOf(word("uh", 2.0, 2.0), conversation())).isEqualTo("S1");
        }

        @Test
        void aWordInAPauseGoesToTheNearestTurn() {
            assertThat(SpeakerMerge.speakerOf(word("mm", 4.1, 4.3), conversation())).isEqualTo("S2");
            assertThat(SpeakerMerge.speakerOf(word("so", 4.7, 4.9), conversation())).isEqualTo("S1");
        }

        @Test
        void aWordExactlyMidwayInAPauseGoesToTheEarlierTurn() {
            assertThat(SpeakerMerge.speakerOf(word("um", 4.4, 4.6), conversation())).isEqualTo("S2");
        }

        @Test
        void overlappingTurnsOfEqualShareFallBackToTheLabelOrder() {
            List<SpeakerSegment> crosstalk = List.of(new SpeakerSegment(0, 2, "S2"), new SpeakerSegment(0, 2, "S1"));
            assertThat(SpeakerMerge.speakerOf(word("both", 0.5, 1.0), crosstalk)).isEqualTo("S1");
        }

        @Test
        void withoutAnyTurnsWordsHaveNoSpeakerAndFormOneSegment() {
            SpeakerMerge.Result merged = SpeakerMerge.merge(List.of(word("a", 0, 1), word("b", 1, 2)), List.of());
            assertThat(merged.words()).extracting(LabelledWord::speaker).containsOnlyNulls();
            assertThat(merged.segments()).containsExactly(new Turn(null, 0, 2, "a b"));
            assertThat(merged.speakers()).isEmpty();
        }
    }
}
