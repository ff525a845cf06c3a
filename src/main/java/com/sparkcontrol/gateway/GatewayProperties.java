package com.sparkcontrol.gateway;

import jakarta.validation.Valid;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Tuning of the OpenAI-compatible gateway ({@code spark-control.gateway.*}): what LLM calls do during a swap,
 * how long each backend may take, stream keep-alives, the upload cap and model aliases.
 */
@Validated
@ConfigurationProperties("spark-control.gateway")
public record GatewayProperties(
        @DefaultValue("refuse") DuringSwap duringSwap,
        @DefaultValue("120s") Duration holdTimeout,
        @DefaultValue("3s") Duration connectTimeout,
        @Valid @DefaultValue FirstByteTimeout firstByteTimeout,
        @DefaultValue("300s") Duration streamIdleTimeout,
        @DefaultValue("15s") Duration heartbeatInterval,
        @DefaultValue("200MB") DataSize maxBodySize,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue Map<String, String> aliases) {

    /** API.md: {@code refuse} answers 503 with Retry-After while a swap runs, {@code hold} waits (bounded). */
    public enum DuringSwap {
        REFUSE,
        HOLD
    }

    /**
     * How long each backend may take to send its response headers. A non-streamed completion only answers
     * when the whole text is generated, hence the long LLM default.
     */
    public record FirstByteTimeout(
            @DefaultValue("600s") Duration llm,
            @DefaultValue("120s") Duration tts,
            @DefaultValue("300s") Duration stt,
            @DefaultValue("60s") Duration embeddings,
            @DefaultValue("10s") Duration discovery) {}

    /** Retry-After in whole seconds, at least 1 (what the OpenAI SDKs parse). */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
