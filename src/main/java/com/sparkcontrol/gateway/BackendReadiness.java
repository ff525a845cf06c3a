package com.sparkcontrol.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.config.BackendUrls;
import com.sparkcontrol.config.BackendUrls.Backend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Is a backend answering right now? One short HTTP probe of its health path, cached for a few seconds so
 * discovery calls never hammer the Sparks. For the LLM it also reads which model is served.
 */
@Component
public class BackendReadiness {

    /** What one probe found. {@code model} is the served LLM id (LLM only); {@code detail} says why not ready. */
    public record Readiness(boolean ready, String model, Integer maxModelLen, String detail, Instant checkedAt) {}

    private static final Duration CACHE = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    private final BackendUrls urls;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Map<Backend, Readiness> cache = new ConcurrentHashMap<>();

    public BackendReadiness(BackendUrls urls, ObjectMapper json) {
        this.urls = urls;
        this.json = json;
    }

    public Readiness of(Backend backend) {
        Readiness cached = cache.get(backend);
        if (cached != null && cached.checkedAt().plus(CACHE).isAfter(Instant.now())) {
            return cached;
        }
        Readiness fresh = probe(backend);
        cache.put(backend, fresh);
        return fresh;
    }

    private Readiness probe(Backend backend) {
        Optional<String> base = urls.of(backend);
        if (base.isEmpty()) {
            return new Readiness(false, null, null, "not configured", Instant.now());
        }
        String path = switch (backend) {
            case LLM -> "/v1/models";
            case STT, DIARIZATION -> "/v1/health/ready";
            case TTS, EMBEDDINGS -> "/health";
        };
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(base.get() + path)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new Readiness(false, null, null, "HTTP " + response.statusCode() + " from " + path, Instant.now());
            }
            if (backend == Backend.LLM) {
                JsonNode first = json.readTree(response.body()).path("data").path(0);
                if (first.isMissingNode()) {
                    return new Readiness(false, null, null, "no model loaded", Instant.now());
                }
                Integer maxLen = first.hasNonNull("max_model_len") ? first.get("max_model_len").asInt() : null;
                return new Readiness(true, first.path("id").asText(), maxLen, null, Instant.now());
            }
            return new Readiness(true, null, null, null, Instant.now());
        } catch (java.io.IOException e) {
            return new Readiness(false, null, null, "not answering (" + e.getClass().getSimpleName() + ")", Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Readiness(false, null, null, "interrupted", Instant.now());
        }
    }
}
