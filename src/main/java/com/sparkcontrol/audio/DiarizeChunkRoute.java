package com.sparkcontrol.audio;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** {@code audio-diarize}: one chunk through the Parakeet guard to the diarizer, labelled with session speakers. */
@Component
class DiarizeChunkRoute extends RouteBuilder {

    static final String PATH = "/v1/audio/diarize-chunk";

    private final LabelSpeakers labelSpeakers;

    DiarizeChunkRoute(LabelSpeakers labelSpeakers) {
        this.labelSpeakers = labelSpeakers;
    }

    @Override
    public void configure() {
        // failures go back to the HTTP edge, which answers them; the default handler would log each 4xx/503 as an error
        errorHandler(noErrorHandler());
        from("direct:audio-diarize").routeId("audio-diarize")
                .process(exchange -> exchange.setProperty(BackendCall.PROPERTY,
                        diarizationCall(exchange.getProperty(AudioUpload.PROPERTY, AudioUpload.class))))
                .to(AudioBackend.DIARIZATION.guardEndpoint())
                .process(labelSpeakers);
    }

    static BackendCall diarizationCall(AudioUpload upload) {
        return BackendCall.to(AudioBackend.DIARIZATION, PATH).file(upload.file(), upload.backendFileName(), upload.format().mediaType());
    }
}
