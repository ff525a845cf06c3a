package com.sparkcontrol.audio;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether the transcription backend can give timestamps ({@code verbose_json}). Known up front for
 * {@code transcription-api=nim} (no) and {@code openai} (yes); with {@code auto} the gateway asks, and
 * remembers a refusal until restart so later requests are answered at once, without a GPU round trip.
 */
@Component
class TranscriptionCapability {

    private static final Logger log = LoggerFactory.getLogger(TranscriptionCapability.class);

    private final AudioProperties properties;
    private final AtomicBoolean refusedTimestamps = new AtomicBoolean();

    TranscriptionCapability(AudioProperties properties) {
        this.properties = properties;
    }

    AudioProperties.TranscriptionApi api() {
        return properties.transcriptionApi();
    }

    boolean mayHaveTimestamps() {
        return switch (properties.transcriptionApi()) {
            case NIM -> false;
            case OPENAI -> true;
            case AUTO -> !refusedTimestamps.get();
        };
    }

    void backendRefusedTimestamps(String detail) {
        if (properties.transcriptionApi() == AudioProperties.TranscriptionApi.AUTO && refusedTimestamps.compareAndSet(false, true)) {
            log.info("audio-transcribe: the transcription backend refused verbose_json ({}); treating it as json/text only", detail);
        }
    }

    /** Tests and operators: forget a learned refusal. */
    void forget() {
        refusedTimestamps.set(false);
    }

    static String noTimestampsMessage(String format) {
        return "response_format=" + format + " needs timestamps, and the transcription backend does not provide them: "
                + "the NVIDIA NIM's HTTP API offers only json and text (word timestamps live in its gRPC API). "
                + "Ask for json or text, or point spark-control.parakeet.url at a server with verbose_json "
                + "(e.g. the community parakeet FastAPI server) and set spark-control.audio.transcription-api=openai";
    }
}
