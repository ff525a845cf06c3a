package com.sparkcontrol.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Where each backend answers: configured URLs win, otherwise the service's usual port on its Spark
 * (vLLM on the head, the audio services and embeddings on the audio Spark).
 */
@Component
public class BackendUrls {

    /** The backends the gateway fronts, by the names {@code /api/endpoints} uses. */
    public enum Backend {
        LLM("llm"),
        STT("stt"),
        TTS("tts"),
        DIARIZATION("diarization"),
        EMBEDDINGS("embeddings");

        private final String key;

        Backend(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    static final int PARAKEET_PORT = 9000;
    static final int KOKORO_PORT = 8880;
    static final int EMBEDDINGS_PORT = 8080;

    private final SparkControlProperties properties;
    private final SparkNodes nodes;

    public BackendUrls(SparkControlProperties properties, SparkNodes nodes) {
        this.properties = properties;
        this.nodes = nodes;
    }

    /** Base URL without a trailing slash, or empty when neither a URL nor the Spark's host is configured. */
    public Optional<String> of(Backend backend) {
        return switch (backend) {
            case LLM -> onNode(nodes.head(), properties.vllm().port());
            case STT -> configuredOr(properties.parakeet(), () -> onNode(nodes.audio(), PARAKEET_PORT));
            case TTS -> configuredOr(properties.kokoro(), () -> onNode(nodes.audio(), KOKORO_PORT));
            case DIARIZATION -> configuredOr(properties.diarizer(), () -> of(Backend.STT));
            case EMBEDDINGS -> configuredOr(properties.embeddings(), () -> onNode(nodes.audio(), EMBEDDINGS_PORT));
        };
    }

    public Map<Backend, Optional<String>> all() {
        Map<Backend, Optional<String>> all = new LinkedHashMap<>();
        for (Backend b : Backend.values()) {
            all.put(b, of(b));
        }
        return all;
    }

    private static Optional<String> configuredOr(SparkControlProperties.Url url, java.util.function.Supplier<Optional<String>> fallback) {
        if (url != null && url.url() != null && !url.url().isBlank()) {
            String u = url.url().strip();
            return Optional.of(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        }
        return fallback.get();
    }

    private static Optional<String> onNode(SparkNode node, int port) {
        if (node.host() == null || node.host().isBlank()) {
            return Optional.empty();
        }
        String host = node.host().contains(":") && !node.host().startsWith("[") ? "[" + node.host() + "]" : node.host();
        return Optional.of("http://" + host + ":" + port);
    }
}
