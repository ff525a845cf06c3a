package com.sparkcontrol.services;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tuning of the service lifecycle ({@code spark-control.services.*}): which embeddings model and engine the
 * built-in embeddings service runs, how long each action may take, and how fresh the status must be.
 *
 * @param embeddingsModel   the Hugging Face model the embeddings service serves. BAAI/bge-m3: multilingual,
 *                          8192-token inputs, 1024 dimensions, MIT licence, supported by TEI and vLLM, and small
 *                          (2.3 GB) next to Parakeet and Kokoro on the audio Spark
 * @param embeddingsEngine  {@code tei} (Hugging Face text-embeddings-inference) or {@code vllm} (vLLM pooling)
 * @param embeddingsImage   overrides the engine's image, e.g. TEI's {@code 121-1.9} build for GB10
 * @param installTimeout    bound on one install step (a NIM pull is several GB)
 * @param actionTimeout     bound on every other step (start, stop, restart, remove, copying the overlay)
 * @param verifyTimeout     how long reapply-patches waits for Parakeet to come back and answer the overlay's endpoint
 * @param statusCacheTtl    how long a {@code docker ps} and a health probe are reused by {@code GET /api/services}
 * @param healthTimeout     bound on one health probe
 * @param overridesPoll     how often {@code services-overrides.yaml} is checked for changes
 * @param actionLogLines    lines of an action's output kept for {@code GET /api/services/{name}/last-action}
 */
@Validated
@ConfigurationProperties("spark-control.services")
public record ServicesProperties(
        @DefaultValue("BAAI/bge-m3") @NotBlank String embeddingsModel,
        @DefaultValue("tei") @Pattern(regexp = "tei|vllm", message = "must be tei or vllm") String embeddingsEngine,
        String embeddingsImage,
        @DefaultValue("60m") Duration installTimeout,
        @DefaultValue("3m") Duration actionTimeout,
        @DefaultValue("15m") Duration verifyTimeout,
        @DefaultValue("3s") Duration statusCacheTtl,
        @DefaultValue("1500ms") Duration healthTimeout,
        @DefaultValue("2s") Duration overridesPoll,
        @DefaultValue("500") int actionLogLines) {

    /** A timeout as people say it in messages: {@code 90 s}, {@code 15 min}. */
    static String readable(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 120 ? seconds + " s" : duration.toMinutes() + " min";
    }
}
