package com.sparkcontrol.audio;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code audio-transcribe-with-speakers}: for each chunk of the file in turn, transcription with word
 * timestamps and then diarization, each through its Parakeet guard (never both at once); then every word
 * gets the speaker whose turn overlaps it most, and consecutive words of a speaker become segments.
 */
@Component
class TranscribeWithSpeakersRoute extends RouteBuilder {

    static final String CHUNK = "sparkcontrol.audio.chunk";

    private final PlanChunks planChunks;
    private final ChunkSteps steps;
    private final MergeSpeakerTranscript merge;

    TranscribeWithSpeakersRoute(PlanChunks planChunks, ChunkSteps steps, MergeSpeakerTranscript merge) {
        this.planChunks = planChunks;
        this.steps = steps;
        this.merge = merge;
    }

    @Override
    public void configure() {
        from("direct:audio-transcribe-with-speakers").routeId("audio-transcribe-with-speakers")
                .process(planChunks)
                .split(body()).stopOnException()
                    .process(exchange -> exchange.setProperty(CHUNK, exchange.getMessage().getBody()))
                    .process(steps.transcriptionCall())
                    .to(AudioBackend.TRANSCRIPTION.guardEndpoint())
                    .process(steps.collectWords())
                    .process(steps.diarizationCall())
                    .to(AudioBackend.DIARIZATION.guardEndpoint())
                    .process(steps.collectSpeakers())
                .end()
                .process(merge);
    }
}
