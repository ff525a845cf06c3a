package com.sparkcontrol.audio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What transcribe-with-speakers collects chunk by chunk: the words and the speaker turns each chunk owns
 * (on the timeline of the whole file), labelled through one {@link SpeakerBook} so speakers keep their
 * labels from chunk to chunk.
 */
final class SpeakerTranscriptParts {

    static final String PROPERTY = "sparkcontrol.audio.speaker-parts";

    /** Where word times come from: the backend's word timestamps, or estimated within each speaker turn (NIM). */
    enum WordTiming {
        BACKEND,
        ESTIMATED
    }

    private final SpeakerBook book;
    private final WordTiming wordTiming;
    private final java.nio.file.Path source;
    private final List<Transcript.Word> words = new ArrayList<>();
    private final List<SpeakerMerge.SpeakerSegment> segments = new ArrayList<>();
    private final List<SpeakerMerge.SpeakerSegment> turns = new ArrayList<>();
    private final int chunkCount;
    private double duration;
    private String language;

    SpeakerTranscriptParts(SpeakerBook book, int chunkCount, WordTiming wordTiming, java.nio.file.Path source) {
        this.book = book;
        this.chunkCount = chunkCount;
        this.wordTiming = wordTiming;
        this.source = source;
    }

    WordTiming wordTiming() {
        return wordTiming;
    }

    /** The whole uploaded audio (speaker turns are cut from it when word times are estimated). */
    java.nio.file.Path source() {
        return source;
    }

    /**
     * A speaker turn's transcript without timestamps: its words get times shared out over the turn by
     * their length (plus one for the gap after each).
     */
    synchronized void addEstimatedWords(SpeakerMerge.SpeakerSegment turn, String text) {
        double start = turn.start();
        double end = turn.end();
        turns.add(turn);
        String[] split = text == null || text.isBlank() ? new String[0] : text.strip().split("\\s+");
        double weight = java.util.Arrays.stream(split).mapToInt(w -> w.length() + 1).sum();
        double at = start;
        for (String word : split) {
            double length = (end - start) * (word.length() + 1) / weight;
            words.add(new Transcript.Word(word, at, at + length));
            at += length;
        }
    }

    synchronized void addWords(WavChunker.AudioChunk chunk, Transcript transcript) {
        for (Transcript.Word word : transcript.words()) {
            Transcript.Word onTimeline = word.shifted(chunk.offset());
            if (chunk.owns(onTimeline.middle())) {
                words.add(onTimeline);
            }
        }
        if (transcript.duration() != null) {
            duration = Math.max(duration, chunk.offset() + transcript.duration());
        }
        if (language == null) {
            language = transcript.language();
        }
    }

    synchronized void addSpeakers(WavChunker.AudioChunk chunk, Diarization diarization) {
        var labels = book.assign(diarization.localSpeakers());
        for (Diarization.Segment s : diarization.segments()) {
            double start = Math.max(s.start() + chunk.offset(), chunk.ownFrom());
            double end = Math.min(s.end() + chunk.offset(), chunk.ownTo());
            if (end > start) {
                segments.add(new SpeakerMerge.SpeakerSegment(start, end, labels.get(s.speaker())));
            }
        }
        Double chunkDuration = diarization.json().path("duration").isNumber() ? diarization.json().path("duration").asDouble() : null;
        if (chunkDuration != null) {
            duration = Math.max(duration, chunk.offset() + chunkDuration);
        }
    }

    synchronized List<Transcript.Word> words() {
        return words.stream().sorted(Comparator.comparingDouble(Transcript.Word::start)).toList();
    }

    synchronized List<SpeakerMerge.SpeakerSegment> segments() {
        return List.copyOf(segments);
    }

    /** What the words are merged with: the diarization turns, or (estimated times) the turns the words were spread over. */
    synchronized List<SpeakerMerge.SpeakerSegment> speakerTurns() {
        return wordTiming == WordTiming.ESTIMATED ? List.copyOf(turns) : List.copyOf(segments);
    }

    double duration() {
        return duration;
    }

    String language() {
        return language;
    }

    int chunkCount() {
        return chunkCount;
    }

    SpeakerBook book() {
        return book;
    }
}
