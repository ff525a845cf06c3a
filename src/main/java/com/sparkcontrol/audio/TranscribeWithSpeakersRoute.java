package com.sparkcontrol.audio;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code audio-transcribe-with-speakers}: for each chunk of the file in turn, transcription with word
 * timestamps and then diarization, each through its Parakeet guard (never both at once); then every word
 * gets the speaker whose turn overlaps it most, and consecutive words of a speaker become segments. A backend
 * without word timestamps (the NIM) gets the speaker turns cut out and transcribed one by one instead.
 */
@Component
class TranscribeWithSpeakersRoute extends RouteBuilder {

    static final String CHUNK = "sparkcontrol.audio.chunk";

    private final PlanChunks planChunks;
    private final ChunkSteps steps;
    private final SpeakerTurns turns;
    private final MergeSpeakerTranscript merge;

    TranscribeWithSpeakersRoute(PlanChunks planChunks, ChunkSteps steps, SpeakerTurns turns, MergeSpeakerTranscript merge) {
        this.planChunks = planChunks;
        this.steps = steps;
        this.turns = turns;
        this.merge = merge;
    }

    private static SpeakerTranscriptParts.WordTiming timing(org.apache.camel.Exchange exchange) {
        return exchange.getProperty(SpeakerTranscriptParts.PROPERTY, SpeakerTranscriptParts.class).wordTiming();
    }

    @Override
    public void configure() {
        // failures go back to the HTTP edge, which answers them; the default handler would log each 4xx/503 as an error
        errorHandler(noErrorHandler());
        from("direct:audio-transcribe-with-speakers").routeId("audio-transcribe-with-speakers")
                .process(planChunks)
                .split(body()).stopOnException()
                    .process(exchange -> exchange.setProperty(CHUNK, exchange.getMessage().getBody()))
                    .choice().when(exchange -> timing(exchange) == SpeakerTranscriptParts.WordTiming.BACKEND)
                        .process(steps.transcriptionCall())
                        .to(AudioBackend.TRANSCRIPTION.guardEndpoint())
                        .process(steps.collectWords())
                    .end()
                    .process(steps.diarizationCall())
                    .to(AudioBackend.DIARIZATION.guardEndpoint())
                    .process(steps.collectSpeakers())
                .end()
                // without word timestamps: transcribe speaker turn by speaker turn
                .choice().when(exchange -> timing(exchange) == SpeakerTranscriptParts.WordTiming.ESTIMATED)
                    .process(turns.plan())
                    .split(body()).stopOnException()
                        .process(turns.transcriptionCall())
                        .to(AudioBackend.TRANSCRIPTION.guardEndpoint())
                        .process(turns.collectText())
                    .end()
                .end()
                .process(merge);
    }
}
