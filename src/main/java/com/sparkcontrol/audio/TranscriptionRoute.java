package com.sparkcontrol.audio;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** {@code audio-transcribe}: one OpenAI transcription through the Parakeet guard, rendered in the format asked for. */
@Component
class TranscriptionRoute extends RouteBuilder {

    private final PrepareTranscription prepare;
    private final RenderTranscript render;

    TranscriptionRoute(PrepareTranscription prepare, RenderTranscript render) {
        this.prepare = prepare;
        this.render = render;
    }

    @Override
    public void configure() {
        // failures go back to the HTTP edge, which answers them; the default handler would log each 4xx/503 as an error
        errorHandler(noErrorHandler());
        from("direct:audio-transcribe").routeId("audio-transcribe")
                .process(prepare)
                .to(AudioBackend.TRANSCRIPTION.guardEndpoint())
                .process(render);
    }
}
