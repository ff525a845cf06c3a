package com.sparkcontrol.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.config.BackendUrls;
import com.sparkcontrol.config.BackendUrls.Backend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;

/**
 * Is a backend answering right now, and what does it serve? One short HTTP probe of its health path (plus its
 * model list, and Kokoro's voices), cached for a few seconds so discovery and routing never hammer the Sparks.
 */
@Component
public class BackendReadiness {

    /** One model a backend serves, as {@code GET /v1/models} lists it; {@code maxModelLen} for LLMs only. */
    public record ModelCard(String id, String ownedBy, long created, Integer maxModelLen, Backend backend) {}

    /**
     * What one probe found. {@code model} is the first served model id; {@code detail} says why not ready.
     * {@code voices} is filled for the speech backend.
     */
    public record Readiness(boolean ready, String model, Integer maxModelLen, String detail, Instant checkedAt,
            List<ModelCard> models, List<String> voices) {

        static Readiness down(String detail) {
            return new Readiness(false, null, null, detail, Instant.now(), List.of(), List.of());
        }

        static Readiness up(List<ModelCard> models, List<String> voices) {
            ModelCard first = models.isEmpty() ? null : models.get(0);
            return new Readiness(true, first == null ? null : first.id(), first == null ? null : first.maxModelLen(),
                    null, Instant.now(), List.copyOf(models), List.copyOf(voices));
        }
    }

    private static final Duration CACHE = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    /** Parakeet NIMs list no models; clients still need a name to send. */
    static final String TRANSCRIPTION_MODEL = "parakeet";

    private final BackendUrls urls;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    private final Map<Backend, Readiness> cache = new ConcurrentHashMap<>();
    private final Set<Backend> refreshing = ConcurrentHashMap.newKeySet();
    private final Executor background = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "backend-readiness");
        thread.setDaemon(true);
        return thread;
    });

    public BackendReadiness(BackendUrls urls, ObjectMapper json) {
        this.urls = urls;
        this.json = json;
    }

    public Readiness of(Backend backend) {
        Readiness cached = cache.get(backend);
        if (cached != null && fresh(cached)) {
            return cached;
        }
        return refresh(backend);
    }

    /**
     * For the request path: the last probe's answer even when it is a few seconds old, with a new probe started in
     * the background when it is; only the very first call waits for a probe. A call then never pays for a probe
     * (which measured as the gateway's p99 when one call in every few seconds made it).
     */
    public Readiness recent(Backend backend) {
        Readiness cached = cache.get(backend);
        if (cached == null) {
            return refresh(backend);
        }
        if (!fresh(cached) && refreshing.add(backend)) {
            try {
                background.execute(() -> {
                    try {
                        refresh(backend);
                    } finally {
                        refreshing.remove(backend);
                    }
                });
            } catch (RuntimeException e) {
                refreshing.remove(backend);
            }
        }
        return cached;
    }

    private static boolean fresh(Readiness readiness) {
        return readiness.checkedAt().plus(CACHE).isAfter(Instant.now());
    }

    /** Probes now, ignoring the cache (e.g. when a request names a model the cached list does not have). */
    public Readiness refresh(Backend backend) {
        Readiness fresh = probe(backend);
        cache.put(backend, fresh);
        return fresh;
    }

    private Readiness probe(Backend backend) {
        Optional<String> base = urls.of(backend);
        if (base.isEmpty()) {
            return Readiness.down("not configured");
        }
        try {
            return switch (backend) {
                case LLM -> llm(base.get());
                case TTS -> healthy(base.get(), "/health") ? Readiness.up(models(base.get(), backend, "kokoro"), voices(base.get()))
                        : Readiness.down("not healthy");
                case STT -> healthy(base.get(), "/v1/health/ready") ? Readiness.up(transcriptionModels(base.get()), List.of())
                        : Readiness.down("not ready");
                case DIARIZATION -> healthy(base.get(), "/v1/health/ready") ? Readiness.up(List.of(), List.of())
                        : Readiness.down("not ready");
                case EMBEDDINGS -> healthy(base.get(), "/health") ? Readiness.up(embeddingModels(base.get()), List.of())
                        : Readiness.down("not healthy");
            };
        } catch (IOException e) {
            return Readiness.down("not answering (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Readiness.down("interrupted");
        }
    }

    private Readiness llm(String base) throws IOException, InterruptedException {
        HttpResponse<String> response = get(base + "/v1/models");
        if (response.statusCode() != 200) {
            return Readiness.down("HTTP " + response.statusCode() + " from /v1/models");
        }
        List<ModelCard> models = cards(json.readTree(response.body()), Backend.LLM, "vllm");
        return models.isEmpty() ? Readiness.down("no model loaded") : Readiness.up(models, List.of());
    }

    private boolean healthy(String base, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(base + path);
        if (response.statusCode() != 200) {
            return false;
        }
        if (!response.body().isBlank() && response.body().strip().startsWith("{")) {
            JsonNode body = json.readTree(response.body());
            return !body.has("ready") || body.get("ready").asBoolean(); // NIM: {"ready":true}
        }
        return true;
    }

    private List<ModelCard> models(String base, Backend backend, String owner) {
        try {
            HttpResponse<String> response = get(base + "/v1/models");
            return response.statusCode() == 200 ? cards(json.readTree(response.body()), backend, owner) : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private List<ModelCard> transcriptionModels(String base) {
        List<ModelCard> listed = models(base, Backend.STT, "nvidia");
        return listed.isEmpty() ? List.of(new ModelCard(TRANSCRIPTION_MODEL, "nvidia", 0, null, Backend.STT)) : listed;
    }

    /** vLLM-as-embedder lists its models; TEI names its model in {@code /info}. */
    private List<ModelCard> embeddingModels(String base) {
        List<ModelCard> listed = models(base, Backend.EMBEDDINGS, "embeddings");
        if (!listed.isEmpty()) {
            return listed;
        }
        try {
            HttpResponse<String> response = get(base + "/info");
            if (response.statusCode() == 200) {
                JsonNode info = json.readTree(response.body());
                String id = info.path("served_model_name").isTextual() ? info.get("served_model_name").asText()
                        : info.path("model_id").asText(null);
                if (id != null) {
                    return List.of(new ModelCard(id, "text-embeddings-inference", 0, null, Backend.EMBEDDINGS));
                }
            }
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.of();
    }

    /** Kokoro ≥ 0.4 answers {@code {"voices":[{"id":…}]}}, older ones {@code {"voices":["af_heart",…]}}. */
    private List<String> voices(String base) {
        try {
            HttpResponse<String> response = get(base + "/v1/audio/voices");
            List<String> voices = new ArrayList<>();
            if (response.statusCode() == 200) {
                for (JsonNode voice : json.readTree(response.body()).path("voices")) {
                    String id = voice.isTextual() ? voice.asText() : voice.path("id").asText(null);
                    if (id != null) {
                        voices.add(id);
                    }
                }
            }
            return voices;
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static List<ModelCard> cards(JsonNode list, Backend backend, String owner) {
        List<ModelCard> cards = new ArrayList<>();
        for (JsonNode card : list.path("data")) {
            if (!card.path("id").isTextual()) {
                continue;
            }
            Integer maxLen = card.hasNonNull("max_model_len") ? card.get("max_model_len").asInt() : null;
            cards.add(new ModelCard(card.get("id").asText(), card.path("owned_by").asText(owner),
                    card.path("created").asLong(0), maxLen, backend));
        }
        return cards;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
