package com.sparkcontrol.audio;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Turns the client's transcription request into the backend call: {@code verbose_json} with word and segment
 * timestamps when the client wants srt, vtt or verbose_json (the gateway renders those itself), else
 * {@code json}; the language mapped for NIM. A format the backend is known not to have is refused here, before
 * any GPU time is spent.
 */
@Component
class PrepareTranscription implements Processor {

    static final String PATH = "/v1/audio/transcriptions";

    private final TranscriptionCapability capability;

    PrepareTranscription(TranscriptionCapability capability) {
        this.capability = capability;
    }

    @Override
    public void process(Exchange exchange) {
        AudioUpload upload = exchange.getProperty(AudioUpload.PROPERTY, AudioUpload.class);
        TranscriptionRequest request = exchange.getProperty(TranscriptionRequest.PROPERTY, TranscriptionRequest.class);
        exchange.setProperty(BackendCall.PROPERTY, call(upload, request));
    }

    BackendCall call(AudioUpload upload, TranscriptionRequest request) {
        boolean timestamps = request.needsTimestamps();
        if (timestamps && !capability.mayHaveTimestamps()) {
            throw AudioFailure.badRequest(TranscriptionCapability.noTimestampsMessage(request.responseFormat()), "response_format");
        }
        BackendCall.Builder call = BackendCall.to(AudioBackend.TRANSCRIPTION, PATH)
                .field("language", TranscriptionRequest.forBackend(request.language(), capability.api()))
                .field("response_format", timestamps ? "verbose_json" : "json")
                .field("temperature", request.temperature());
        if (timestamps) {
            call.field("timestamp_granularities[]", "word").field("timestamp_granularities[]", "segment");
        }
        return call.file(upload.file(), upload.backendFileName(), upload.format().mediaType());
    }
}
