package com.sparkcontrol.audio;

import com.sparkcontrol.config.BackendUrls.Backend;
import java.time.Duration;

/** The two GPU audio backends the Parakeet guard protects, with the service names the dashboard shows. */
enum AudioBackend {
    TRANSCRIPTION("transcription", "parakeet", Backend.STT),
    DIARIZATION("diarization", "diarizer", Backend.DIARIZATION);

    private final String key;
    private final String service;
    private final Backend backend;

    AudioBackend(String key, String service, Backend backend) {
        this.key = key;
        this.service = service;
        this.backend = backend;
    }

    /** Label in metrics, status and route ids ({@code audio-guard-transcription}). */
    String key() {
        return key;
    }

    /** The service name used by {@code /api/services} and in {@code service-state} events. */
    String service() {
        return service;
    }

    Backend backend() {
        return backend;
    }

    String guardEndpoint() {
        return "direct:audio-guard-" + key;
    }

    String breakerBean() {
        return switch (this) {
            case TRANSCRIPTION -> "audioTranscriptionBreaker";
            case DIARIZATION -> "audioDiarizationBreaker";
        };
    }

    Duration timeout(AudioProperties properties) {
        return this == TRANSCRIPTION ? properties.transcriptionTimeout() : properties.diarizationTimeout();
    }
}
