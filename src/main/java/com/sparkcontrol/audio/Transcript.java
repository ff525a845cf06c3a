package com.sparkcontrol.audio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A transcription as the backends give it, read generously: OpenAI/groxaxo {@code verbose_json}
 * ({@code segments}, {@code words}), words nested in segments, or Shadowfita's {@code timestamps.words};
 * NIM's {@code {"text"}} or a bare string gives text only. Times are seconds from the start of the audio.
 */
record Transcript(String text, String language, Double duration, List<Segment> segments, List<Word> words) {

    record Segment(double start, double end, String text, JsonNode original) {}

    record Word(String word, double start, double end) {
        double middle() {
            return (start + end) / 2;
        }

        Word shifted(double offset) {
            return new Word(word, start + offset, end + offset);
        }
    }

    boolean hasSegments() {
        return !segments.isEmpty();
    }

    boolean hasWords() {
        return !words.isEmpty();
    }

    static Transcript textOnly(String text) {
        return new Transcript(text == null ? "" : text.strip(), null, null, List.of(), List.of());
    }

    static Transcript parse(JsonNode root) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            return textOnly("");
        }
        if (root.isTextual()) {
            return textOnly(root.asText());
        }
        List<Segment> segments = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        JsonNode segmentNodes = root.path("segments").isArray() ? root.path("segments") : root.path("timestamps").path("segments");
        for (JsonNode s : segmentNodes) {
            if (s.path("start").isNumber() && s.path("end").isNumber()) {
                segments.add(new Segment(s.path("start").asDouble(), s.path("end").asDouble(),
                        s.path("text").asText(s.path("segment").asText("")).strip(), s));
            }
        }
        JsonNode wordNodes = root.path("words").isArray() ? root.path("words") : root.path("timestamps").path("words");
        addWords(wordNodes, words);
        if (words.isEmpty()) {
            for (JsonNode s : segmentNodes) {
                addWords(s.path("words"), words);
            }
        }
        words.sort((a, b) -> Double.compare(a.start(), b.start()));
        String text = root.path("text").asText("");
        if (text.isBlank() && !words.isEmpty()) {
            text = String.join(" ", words.stream().map(Word::word).toList());
        }
        Double duration = root.path("duration").isNumber() ? root.path("duration").asDouble() : null;
        String language = root.path("language").isTextual() ? root.path("language").asText() : null;
        return new Transcript(text.strip(), language, duration, List.copyOf(segments), List.copyOf(words));
    }

    private static void addWords(JsonNode nodes, List<Word> into) {
        for (JsonNode w : nodes) {
            String word = w.path("word").asText(w.path("text").asText("")).strip();
            if (!word.isEmpty() && w.path("start").isNumber() && w.path("end").isNumber()) {
                into.add(new Word(word, w.path("start").asDouble(), w.path("end").asDouble()));
            }
        }
    }
}
