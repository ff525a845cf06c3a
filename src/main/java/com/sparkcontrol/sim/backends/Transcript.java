package com.sparkcontrol.sim.backends;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/** Renders heard audio in the OpenAI transcription formats (json, text, verbose_json, srt, vtt). */
final class Transcript {

    private final HeardAudio audio;
    private final List<HeardAudio.Turn> spoken;

    Transcript(HeardAudio audio) {
        this.audio = audio;
        this.spoken = audio.turns().stream().filter(t -> !t.words().isEmpty()).toList();
    }

    String text() {
        return String.join(" ", spoken.stream().map(HeardAudio.Turn::text).toList());
    }

    ObjectNode json() {
        return SimJson.object().put("text", text());
    }

    /** groxaxo's verbose_json: segments always, {@code words} only when word granularity was asked for. */
    ObjectNode verbose(String language, boolean words) {
        ObjectNode body = SimJson.object()
                .put("task", "transcribe")
                .put("language", language)
                .put("duration", seconds(audio.duration()))
                .put("text", text());
        ArrayNode segments = body.putArray("segments");
        for (int i = 0; i < spoken.size(); i++) {
            HeardAudio.Turn turn = spoken.get(i);
            ObjectNode segment = segments.addObject()
                    .put("id", i)
                    .put("seek", 0)
                    .put("start", seconds(turn.start()))
                    .put("end", seconds(turn.end()))
                    .put("text", turn.text());
            segment.putArray("tokens");
            segment.put("temperature", 0.0)
                    .put("avg_logprob", -0.25)
                    .put("compression_ratio", 1.2)
                    .put("no_speech_prob", 0.01);
        }
        if (words) {
            ArrayNode list = body.putArray("words");
            spoken.forEach(turn -> turn.words().forEach(word -> list.addObject()
                    .put("start", seconds(word.start()))
                    .put("end", seconds(word.end()))
                    .put("word", word.text())));
        } else {
            body.putNull("words");
        }
        return body;
    }

    String srt() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < spoken.size(); i++) {
            HeardAudio.Turn turn = spoken.get(i);
            out.append(i + 1).append('\n')
                    .append(clock(turn.start(), ',')).append(" --> ").append(clock(turn.end(), ',')).append('\n')
                    .append(turn.text()).append("\n\n");
        }
        return out.toString();
    }

    String vtt() {
        StringBuilder out = new StringBuilder("WEBVTT\n\n");
        for (HeardAudio.Turn turn : spoken) {
            out.append(clock(turn.start(), '.')).append(" --> ").append(clock(turn.end(), '.')).append('\n')
                    .append(turn.text()).append("\n\n");
        }
        return out.toString();
    }

    private static double seconds(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static String clock(double seconds, char separator) {
        long millis = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d",
                millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60, separator, millis % 1000);
    }
}
