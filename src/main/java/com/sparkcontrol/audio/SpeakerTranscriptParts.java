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

    private final SpeakerBook book;
    private final List<Transcript.Word> words = new ArrayList<>();
    private final List<SpeakerMerge.SpeakerSegment> segments = new ArrayList<>();
    private final int chunkCount;
    private double duration;
    private String language;

    SpeakerTranscriptParts(SpeakerBook book, int chunkCount) {
        this.book = book;
        this.chunkCount = chunkCount;
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
