package com.sparkcontrol.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SRT and WebVTT from a transcript's timings: one cue per segment when the backend gave segments, otherwise
 * cues built from word timestamps (a new cue after sentence-ending punctuation, a pause, or a long line).
 */
final class SubtitleWriter {

    /** One subtitle; {@code original} is the backend's segment it came from, when there was one. */
    record Cue(double start, double end, String text, com.fasterxml.jackson.databind.JsonNode original) {}

    static final double MAX_CUE_SECONDS = 7.0;
    static final int MAX_CUE_CHARS = 84;
    static final double PAUSE_SECONDS = 1.0;

    private SubtitleWriter() {}

    static boolean canWrite(Transcript transcript) {
        return transcript.hasSegments() || transcript.hasWords();
    }

    static String srt(Transcript transcript) {
        StringBuilder out = new StringBuilder();
        int n = 1;
        for (Cue cue : cues(transcript)) {
            out.append(n++).append('\n')
                    .append(clock(cue.start(), ',')).append(" --> ").append(clock(cue.end(), ',')).append('\n')
                    .append(cue.text()).append("\n\n");
        }
        return out.toString();
    }

    static String vtt(Transcript transcript) {
        StringBuilder out = new StringBuilder("WEBVTT\n\n");
        for (Cue cue : cues(transcript)) {
            out.append(clock(cue.start(), '.')).append(" --> ").append(clock(cue.end(), '.')).append('\n')
                    .append(cue.text().replace("-->", "->")).append("\n\n");
        }
        return out.toString();
    }

    static List<Cue> cues(Transcript transcript) {
        List<Cue> cues = new ArrayList<>();
        if (transcript.hasSegments()) {
            for (Transcript.Segment s : transcript.segments()) {
                if (!s.text().isBlank()) {
                    cues.add(new Cue(s.start(), Math.max(s.start(), s.end()), s.text(), s.original()));
                }
            }
            return cues;
        }
        List<Transcript.Word> line = new ArrayList<>();
        for (Transcript.Word word : transcript.words()) {
            if (!line.isEmpty()) {
                Transcript.Word first = line.get(0);
                Transcript.Word last = line.get(line.size() - 1);
                int chars = line.stream().mapToInt(w -> w.word().length() + 1).sum() + word.word().length();
                boolean sentenceEnded = last.word().matches(".*[.!?…]$");
                if (sentenceEnded || word.start() - last.end() >= PAUSE_SECONDS || word.end() - first.start() > MAX_CUE_SECONDS
                        || chars > MAX_CUE_CHARS) {
                    cues.add(cue(line));
                    line.clear();
                }
            }
            line.add(word);
        }
        if (!line.isEmpty()) {
            cues.add(cue(line));
        }
        return cues;
    }

    private static Cue cue(List<Transcript.Word> words) {
        return new Cue(words.get(0).start(), words.get(words.size() - 1).end(),
                String.join(" ", words.stream().map(Transcript.Word::word).toList()), null);
    }

    static String clock(double seconds, char separator) {
        long millis = Math.max(0, Math.round(seconds * 1000));
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d",
                millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60, separator, millis % 1000);
    }
}
