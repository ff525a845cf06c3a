package com.sparkcontrol.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.config.BackendUrls;
import com.sparkcontrol.config.BackendUrls.Backend;
import com.sparkcontrol.health.BackendReading.Check;
import com.sparkcontrol.health.BackendReading.VllmLoad;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.stereotype.Component;

/**
 * Probes one backend over HTTP with short timeouts: vLLM's {@code /health}, {@code /v1/models} and
 * {@code /metrics}; Parakeet's and the diarizer's {@code /v1/health/ready}; Kokoro's and the embedder's
 * {@code /health}. Never throws: every failure becomes a down reading with its reason.
 */
@Component
class BackendProber {

    private record Answer(Integer status, String body, long millis, String error) {
        boolean ok() {
            return status != null && status == 200;
        }

        Check check(String path) {
            return new Check(path, status, millis, error);
        }
    }

    private static final int MAX_BODY = 2 * 1024 * 1024;

    private final BackendUrls urls;
    private final ObjectMapper json;
    private final Duration timeout;
    private final HttpClient http;
    private final TokenRate tokenRate = new TokenRate();

    BackendProber(BackendUrls urls, ObjectMapper json, HealthProperties properties) {
        this.urls = urls;
        this.json = json;
        this.timeout = properties.httpTimeout();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /**
     * Probes the backend now. Only the poll passes {@code pollSample}: it feeds the tokens-per-second counters,
     * which an on-demand probe between two polls would skew.
     */
    BackendReading probe(Backend backend, boolean pollSample) {
        Instant at = Instant.now();
        Optional<String> base = urls.of(backend);
        if (base.isEmpty()) {
            return BackendReading.notConfigured(backend.key(), at);
        }
        String url = base.get();
        return backend == Backend.LLM ? probeVllm(url, at, pollSample) : probeService(backend, url, at);
    }

    private BackendReading probeService(Backend backend, String url, Instant at) {
        String path = switch (backend) {
            case STT, DIARIZATION -> "/v1/health/ready";
            default -> "/health";
        };
        Answer health = get(url, path);
        String detail = whyNot(health, path);
        if (detail == null && path.endsWith("/ready") && readyFlagIsFalse(health.body())) {
            detail = "not ready yet (" + path + " says ready=false)";
        }
        return new BackendReading(backend.key(), true, url, detail == null, detail, at, health.millis(), null, null, null,
                List.of(health.check(path)));
    }

    private BackendReading probeVllm(String url, Instant at, boolean pollSample) {
        Answer health = get(url, "/health");
        List<Check> checks = new ArrayList<>(List.of(health.check("/health")));
        String detail = whyNot(health, "/health");
        if (detail != null) {
            return new BackendReading(Backend.LLM.key(), true, url, false, detail, at, health.millis(), null, null, null, checks);
        }
        CompletableFuture<Answer> models = getAsync(url, "/v1/models");
        CompletableFuture<Answer> metrics = getAsync(url, "/metrics");
        Answer modelsAnswer = models.join();
        Answer metricsAnswer = metrics.join();
        checks.add(modelsAnswer.check("/v1/models"));
        checks.add(metricsAnswer.check("/metrics"));
        String model = null;
        Integer maxModelLen = null;
        String note = null;
        if (modelsAnswer.ok()) {
            JsonNode first = readTree(modelsAnswer.body()).path("data").path(0);
            if (first.hasNonNull("id")) {
                model = first.get("id").asText();
                maxModelLen = first.path("max_model_len").canConvertToInt() && first.path("max_model_len").isNumber()
                        ? first.get("max_model_len").asInt() : null;
            } else {
                note = "/v1/models lists no model";
            }
        } else {
            note = whyNot(modelsAnswer, "/v1/models");
        }
        VllmLoad load = metricsAnswer.ok() ? load(VllmMetricsParser.parse(metricsAnswer.body()), at, pollSample) : null;
        return new BackendReading(Backend.LLM.key(), true, url, true, note, at, health.millis(), model, maxModelLen, load, checks);
    }

    private VllmLoad load(Map<String, Double> metrics, Instant at, boolean pollSample) {
        Double kv = metrics.getOrDefault(VllmMetricsParser.KV_CACHE, metrics.get(VllmMetricsParser.GPU_CACHE));
        Double tokens = null;
        Double promptTokens = null;
        if (pollSample) {
            tokens = tokenRate.next("generation", metrics.get(VllmMetricsParser.GENERATION_TOKENS), at);
            promptTokens = tokenRate.next("prompt", metrics.get(VllmMetricsParser.PROMPT_TOKENS), at);
        }
        return new VllmLoad(metrics.get(VllmMetricsParser.RUNNING), metrics.get(VllmMetricsParser.WAITING),
                kv == null || kv < 0 || kv > 1 ? null : Math.round(kv * 1000) / 10.0, tokens, promptTokens);
    }

    private Answer get(String base, String path) {
        return getAsync(base, path).join();
    }

    /** Never completes exceptionally: a failure is an {@link Answer} with its error. */
    private CompletableFuture<Answer> getAsync(String base, String path) {
        long start = System.nanoTime();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET().build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Answer(null, null, 0, "bad URL (" + e.getMessage() + ")"));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
            long millis = millisSince(start);
            if (failure == null) {
                byte[] body = response.body();
                return new Answer(response.statusCode(), new String(body, 0, Math.min(body.length, MAX_BODY), StandardCharsets.UTF_8),
                        millis, null);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            return new Answer(null, null, millis, explain(cause));
        });
    }

    private String explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException) {
                return "no answer within " + timeout.toMillis() + " ms";
            }
            if (t instanceof ConnectException) {
                return "not answering (connection refused)";
            }
        }
        return "not answering (" + (failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage()) + ")";
    }

    private static String whyNot(Answer answer, String path) {
        if (answer.error() != null) {
            return answer.error();
        }
        return answer.ok() ? null : "HTTP " + answer.status() + " from " + path;
    }

    private boolean readyFlagIsFalse(String body) {
        JsonNode ready = readTree(body).get("ready");
        return ready != null && ready.isBoolean() && !ready.booleanValue();
    }

    private JsonNode readTree(String body) {
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            return node == null ? json.missingNode() : node;
        } catch (IOException e) {
            return json.missingNode();
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
