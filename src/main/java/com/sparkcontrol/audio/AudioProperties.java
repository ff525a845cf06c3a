package com.sparkcontrol.audio;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Tuning of the audio capability ({@code spark-control.audio.*}): uploads, the Parakeet guard, speaker sessions, chunking. */
@Validated
@ConfigurationProperties("spark-control.audio")
public record AudioProperties(
        /** Largest audio upload; a bigger one is refused with 413 before any backend is called. */
        @DefaultValue("200MB") DataSize maxUploadSize,
        /** Requests that may wait for a busy backend (per backend); one more is refused with 503. */
        @DefaultValue("32") @Min(0) @Max(10_000) int queueLength,
        /** How long a request waits for its turn before it is refused with 503. */
        @DefaultValue("5m") Duration queueWait,
        /** Bound on one transcription call (a hung backend counts as a failure after this). */
        @DefaultValue("300s") Duration transcriptionTimeout,
        /** Bound on one diarization call. */
        @DefaultValue("600s") Duration diarizationTimeout,
        /** Bound on opening a connection to a backend. */
        @DefaultValue("5s") Duration connectTimeout,
        /**
         * What the transcription backend speaks: {@code auto} (ask for timestamps, remember a refusal, map
         * ISO-639-1 languages to BCP-47), {@code nim} (json/text only, languages mapped) or {@code openai}
         * (every format, languages passed through).
         */
        @DefaultValue("auto") TranscriptionApi transcriptionApi,
        @Valid @DefaultValue Breaker breaker,
        @Valid @DefaultValue Speakers speakers,
        @Valid @DefaultValue Chunking chunking) {

    public enum TranscriptionApi {
        AUTO,
        NIM,
        OPENAI
    }

    /** The circuit breaker in front of each audio backend. */
    public record Breaker(
            /** Failure percentage (5xx, timeouts, refused connections) over the window that opens the breaker. */
            @DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
            /** How many recent calls the failure rate is computed over. */
            @DefaultValue("4") @Min(1) @Max(1000) int slidingWindowSize,
            /** Calls needed before the failure rate counts. */
            @DefaultValue("2") @Min(1) @Max(1000) int minimumNumberOfCalls,
            /** How long the breaker stays open when the backend gave no Retry-After. */
            @DefaultValue("30s") Duration waitInOpen,
            /** Upper bound on a backend's Retry-After (a far-future HTTP date must not shut audio for a day). */
            @DefaultValue("10m") Duration maxRetryAfter) {}

    /** Global speaker labels across the chunks of a diarization session. */
    public record Speakers(
            /** Cosine similarity at or above which a chunk's speaker is the same person as a session speaker. */
            @DefaultValue("0.5") @DecimalMin("-1.0") @DecimalMax("1.0") double matchThreshold,
            /** Fingerprints from less speech than this count for little in a centroid (short clips embed poorly). */
            @DefaultValue("2s") Duration minSpeech,
            /** The weight factor applied to such short-speech fingerprints. */
            @DefaultValue("0.25") @DecimalMin("0.0") @DecimalMax("1.0") double shortSpeechWeight,
            /** A session unused for this long is forgotten. */
            @DefaultValue("30m") Duration sessionIdle,
            /** Sessions kept at once; the least recently used goes first. */
            @DefaultValue("1000") @Min(1) @Max(1_000_000) int maxSessions) {}

    /** How transcribe-with-speakers cuts long PCM WAV files. */
    public record Chunking(
            @DefaultValue("5m") Duration length,
            @DefaultValue("5s") Duration overlap) {}
}
