package com.sparkcontrol.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sparkcontrol.audio.SpeakerBook.LocalSpeaker;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpeakerBookTests {

    private static final SpeakerBook.Matching MATCHING = new SpeakerBook.Matching(0.5, 2.0, 0.25);

    /** A voice: a fixed random direction in 192 dimensions. */
    private static double[] voice(int seed) {
        Random random = new Random(seed);
        double[] v = new double[192];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
        }
        return SpeakerBook.normalised(v);
    }

    /** That voice heard in one chunk: the direction plus per-chunk noise (cosine to the voice about 0.9). */
    private static double[] heard(double[] voice, int chunk) {
        double[] noise = voice(10_000 + chunk * 31 + (int) (voice[0] * 1000));
        double[] v = new double[voice.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = voice[i] + 0.4 * noise[i];
        }
        return v;
    }

    @Test
    void aThreeChunkConversationKeepsItsSpeakersGlobalLabels() {
        double[] alice = voice(1);
        double[] bob = voice(2);
        double[] carol = voice(3);
        SpeakerBook book = new SpeakerBook(MATCHING);

        // chunk 1: Alice then Bob; chunk 2: Bob speaks first (so he is the chunk's Speaker_0), then Alice;
        // chunk 3: Carol joins after Alice
        Map<String, String> first = book.assign(List.of(
                new LocalSpeaker("Speaker_0", heard(alice, 1), 20), new LocalSpeaker("Speaker_1", heard(bob, 1), 15)));
        Map<String, String> second = book.assign(List.of(
                new LocalSpeaker("Speaker_0", heard(bob, 2), 18), new LocalSpeaker("Speaker_1", heard(alice, 2), 12)));
        Map<String, String> third = book.assign(List.of(
                new LocalSpeaker("Speaker_0", heard(alice, 3), 9), new LocalSpeaker("Speaker_1", heard(carol, 3), 25)));

        assertThat(first).containsExactly(Map.entry("Speaker_0", "S1"), Map.entry("Speaker_1", "S2"));
        assertThat(second).containsExactly(Map.entry("Speaker_0", "S2"), Map.entry("Speaker_1", "S1"));
        assertThat(third).containsExactly(Map.entry("Speaker_0", "S1"), Map.entry("Speaker_1", "S3"));
        assertThat(book.speakers()).extracting(SpeakerBook.GlobalSpeaker::id).containsExactly("S1", "S2", "S3");
        assertThat(book.speakers().get(0).speechSeconds()).isEqualTo(41.0);
    }

    @Test
    void twoLocalSpeakersNeverShareOneGlobalLabel() {
        double[] alice = voice(1);
        SpeakerBook book = new SpeakerBook(MATCHING);
        book.assign(List.of(new LocalSpeaker("Speaker_0", heard(alice, 1), 20)));

        // the diarizer split Alice into two local speakers: only the closer one can be S1
        double[] closer = heard(alice, 2);
        double[] farther = heard(alice, 3);
        for (int i = 0; i < farther.length; i++) {
            farther[i] += 0.5 * voice(99)[i];
        }
        Map<String, String> labels = book.assign(List.of(
                new LocalSpeaker("Speaker_0", farther, 10), new LocalSpeaker("Speaker_1", closer, 10)));

        assertThat(labels).containsEntry("Speaker_1", "S1").containsEntry("Speaker_0", "S2");
    }

    @Test
    void aVoiceBelowTheThresholdBecomesANewSpeaker() {
        SpeakerBook strict = new SpeakerBook(new SpeakerBook.Matching(0.99, 2.0, 0.25));
        double[] alice = voice(1);
        strict.assign(List.of(new LocalSpeaker("Speaker_0", heard(alice, 1), 20)));
        assertThat(strict.assign(List.of(new LocalSpeaker("Speaker_0", heard(alice, 2), 20)))).containsEntry("Speaker_0", "S2");
    }

    @Test
    void aShortSpeechFingerprintCountsForLessInTheCentroid() {
        double[] alice = voice(1);
        double[] stranger = orthogonal(voice(7), alice);
        SpeakerBook acceptsAnything = new SpeakerBook(new SpeakerBook.Matching(-1.0, 2.0, 0.25));
        acceptsAnything.assign(List.of(new LocalSpeaker("Speaker_0", alice, 30)));
        // a 1-second clip counts 1 s × 0.25, against Alice's 30 s
        acceptsAnything.assign(List.of(new LocalSpeaker("Speaker_0", stranger, 1)));

        assertThat(acceptsAnything.similarity("S1", stranger)).isCloseTo(0.25 / Math.sqrt(30 * 30 + 0.25 * 0.25), within(1e-9));
        assertThat(acceptsAnything.similarity("S1", alice)).isCloseTo(30 / Math.sqrt(30 * 30 + 0.25 * 0.25), within(1e-9));
    }

    @Test
    void centroidsAreSpeechWeightedMeans() {
        double[] alice = voice(1);
        double[] other = orthogonal(voice(7), alice);
        SpeakerBook acceptsAnything = new SpeakerBook(new SpeakerBook.Matching(-1.0, 2.0, 0.25));
        acceptsAnything.assign(List.of(new LocalSpeaker("Speaker_0", alice, 30)));
        acceptsAnything.assign(List.of(new LocalSpeaker("Speaker_0", other, 10)));

        assertThat(acceptsAnything.similarity("S1", other)).isCloseTo(10 / Math.sqrt(30 * 30 + 10 * 10), within(1e-9));
    }

    private static double[] orthogonal(double[] v, double[] to) {
        double dot = 0;
        for (int i = 0; i < v.length; i++) {
            dot += v[i] * to[i];
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] - dot * to[i];
        }
        return SpeakerBook.normalised(out);
    }

    @Test
    void aSpeakerWithoutFingerprintGetsItsOwnLabel() {
        SpeakerBook book = new SpeakerBook(MATCHING);
        book.assign(List.of(new LocalSpeaker("Speaker_0", voice(1), 10)));
        assertThat(book.assign(List.of(new LocalSpeaker("Speaker_0", null, 3)))).containsEntry("Speaker_0", "S2");
    }
}
