package com.sparkcontrol.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;

/**
 * transcribe-with-speakers for a backend without word timestamps (the NIM): after diarization, the audio is
 * cut at the speaker turns and each turn is transcribed on its own, through the guard; the words of a turn
 * get estimated times within it. A turn is a speaker's consecutive segments less than {@link #JOIN_GAP} apart.
 */
@Component
class SpeakerTurns {

    static final String TURN = "sparkcontrol.audio.turn";
    static final double JOIN_GAP = 0.5;
    static final double MIN_SECONDS = 0.2;
    static final double PADDING = 0.1;

    /** One speaker turn and its audio, cut out to a temp file. */
    record Turn(double start, double end, String speaker, Path file) {}

    private final RenderTranscript transcripts;
    private final TranscriptionCapability capability;

    SpeakerTurns(RenderTranscript transcripts, TranscriptionCapability capability) {
        this.transcripts = transcripts;
        this.capability = capability;
    }

    /** Sets the body to the turns to transcribe; their files are deleted when the request is done. */
    Processor plan() {
        return exchange -> {
            SpeakerTranscriptParts parts = parts(exchange);
            WavChunker.Layout wav = WavChunker.layout(parts.source()).orElseThrow();
            List<Turn> turns = new ArrayList<>();
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    WavChunker.delete(turns.stream().map(t -> new WavChunker.AudioChunk(t.file(), 0, 0, 0, true)).toList());
                }
            });
            for (SpeakerMerge.SpeakerSegment span : join(parts.segments())) {
                double from = Math.max(0, span.start() - PADDING);
                double to = Math.min(wav.durationSeconds(), span.end() + PADDING);
                if (to - from >= MIN_SECONDS) {
                    turns.add(new Turn(span.start(), span.end(), span.speaker(), cut(parts.source(), wav, from, to)));
                }
            }
            exchange.getMessage().setBody(turns);
        };
    }

    Processor transcriptionCall() {
        return exchange -> {
            Turn turn = exchange.getMessage().getBody(Turn.class);
            exchange.setProperty(TURN, turn);
            AudioUpload upload = exchange.getProperty(AudioUpload.PROPERTY, AudioUpload.class);
            exchange.setProperty(BackendCall.PROPERTY, BackendCall.to(AudioBackend.TRANSCRIPTION, PrepareTranscription.PATH)
                    .field("language", TranscriptionRequest.forBackend(upload.field("language").orElse(null), capability.api()))
                    .field("response_format", "json")
                    .file(turn.file(), "turn.wav", AudioFormat.WAV.mediaType()));
        };
    }

    Processor collectText() {
        return exchange -> {
            BackendReply reply = exchange.getMessage().getBody(BackendReply.class);
            if (!reply.ok()) {
                throw AudioFailure.refusedByBackend(AudioBackend.TRANSCRIPTION, reply);
            }
            Turn turn = exchange.getProperty(TURN, Turn.class);
            parts(exchange).addEstimatedWords(new SpeakerMerge.SpeakerSegment(turn.start(), turn.end(), turn.speaker()),
                    transcripts.parse(reply).text());
        };
    }

    /** A speaker's segments closer than {@link #JOIN_GAP} become one turn, so short pauses are not cut apart. */
    static List<SpeakerMerge.SpeakerSegment> join(List<SpeakerMerge.SpeakerSegment> segments) {
        List<SpeakerMerge.SpeakerSegment> sorted = segments.stream()
                .sorted(Comparator.comparingDouble(SpeakerMerge.SpeakerSegment::start)).toList();
        List<SpeakerMerge.SpeakerSegment> joined = new ArrayList<>();
        for (SpeakerMerge.SpeakerSegment s : sorted) {
            SpeakerMerge.SpeakerSegment last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
            if (last != null && last.speaker().equals(s.speaker()) && s.start() - last.end() < JOIN_GAP) {
                joined.set(joined.size() - 1, new SpeakerMerge.SpeakerSegment(last.start(), Math.max(last.end(), s.end()), s.speaker()));
            } else {
                joined.add(s);
            }
        }
        return joined;
    }

    private static Path cut(Path source, WavChunker.Layout wav, double from, double to) throws IOException {
        return WavChunker.slice(source, wav, from, to);
    }

    private static SpeakerTranscriptParts parts(Exchange exchange) {
        return exchange.getProperty(SpeakerTranscriptParts.PROPERTY, SpeakerTranscriptParts.class);
    }
}
