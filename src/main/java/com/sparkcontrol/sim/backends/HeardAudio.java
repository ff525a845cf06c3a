package com.sparkcontrol.sim.backends;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the fake speech models "hear" in an uploaded WAV: turns of voices with timed words.
 *
 * <p>A WAV whose script fits its length is heard exactly as scripted. Otherwise (no script, or a script
 * that runs past the audio because someone cut the audio but copied the metadata) the voices are found
 * by pitch ({@link ToneSegmenter}) and the words are deterministic stand-ins, about one per 0.4 s.
 * Audio with no recognisable voice is heard as one unknown voice talking throughout, so any WAV yields text.
 */
record HeardAudio(double duration, boolean scripted, List<Turn> turns) {

    /** A voice ({@code hz} is its identity, 0 for an unknown voice) speaking timed words. */
    record Turn(int hz, double start, double end, List<WavScript.Word> words) {
        String text() {
            return String.join(" ", words.stream().map(WavScript.Word::text).toList());
        }
    }

    /** Raised for uploads that are not audio the simulator can decode. */
    static final class NotAudio extends Exception {
        NotAudio(String message) {
            super(message, null, false, false);
        }
    }

    private static final double SCRIPT_OVERRUN_TOLERANCE = 0.25;
    private static final double SECONDS_PER_STAND_IN_WORD = 0.4;
    private static final List<String> STAND_IN_WORDS = List.of(
            "the", "spark", "model", "signal", "river", "window", "garden", "number", "simple", "quiet",
            "morning", "market", "paper", "engine", "yellow", "orange", "station", "minute", "little", "stone",
            "travel", "letter", "silver", "winter", "summer", "forest", "island", "bridge", "candle", "pocket");

    static HeardAudio hear(Path file) throws IOException, NotAudio {
        WavScript.Info info;
        try {
            info = WavScript.read(file);
        } catch (IllegalArgumentException e) {
            throw new NotAudio("Unsupported or corrupt audio: " + e.getMessage()
                    + " (the simulator decodes only RIFF/WAVE audio)");
        }
        double duration = info.durationSeconds();
        var script = info.script().filter(s -> s.end() <= duration + SCRIPT_OVERRUN_TOLERANCE);
        if (script.isPresent()) {
            List<Turn> turns = new ArrayList<>();
            for (WavScript.Turn turn : script.get().window(0, duration).turns()) {
                turns.add(new Turn(SpeakerTone.frequency(turn.speaker()), turn.start(), turn.end(), turn.words()));
            }
            return new HeardAudio(duration, true, turns);
        }
        List<Turn> turns = new ArrayList<>();
        for (ToneSegmenter.Run run : ToneSegmenter.runs(file, info)) {
            turns.add(standIn(run.hz(), run.start(), run.end()));
        }
        if (turns.isEmpty() && duration > 0) {
            turns.add(standIn(0, 0, Math.round(duration * 1000) / 1000.0));
        }
        return new HeardAudio(duration, false, turns);
    }

    private static Turn standIn(int hz, double start, double end) {
        int count = (int) Math.max(1, Math.round((end - start) / SECONDS_PER_STAND_IN_WORD));
        List<WavScript.Word> words = new ArrayList<>(count);
        double each = (end - start) / count;
        for (int i = 0; i < count; i++) {
            long seed = hz * 1_000_003L + Math.round(start * 1000) * 31 + i;
            String word = STAND_IN_WORDS.get((int) Math.floorMod(mix(seed), (long) STAND_IN_WORDS.size()));
            double from = Math.round((start + i * each) * 1000) / 1000.0;
            double to = Math.round((start + (i + 1) * each) * 1000) / 1000.0;
            words.add(new WavScript.Word(word, from, to));
        }
        return new Turn(hz, start, end, words);
    }

    /** SplitMix64's finaliser: spreads neighbouring seeds over the whole range. */
    static long mix(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
