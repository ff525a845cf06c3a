package com.sparkcontrol.audio;

import com.sparkcontrol.config.BackendUrls;
import com.sparkcontrol.events.EventBus;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The deep-health probe run when a breaker opens: asks the backend's NIM readiness endpoint whether the
 * container is still up (a wedged GPU still answers readiness; a dead container refuses), so operators see
 * in the status and the event stream whether to wait or restart. Never goes through the slot: it does no GPU work.
 */
@Component
class BreakerProbe {

    private static final Logger log = LoggerFactory.getLogger(BreakerProbe.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    static final String READY_PATH = "/v1/health/ready";

    /** One probe's outcome. {@code status} is 0 when the backend did not answer. */
    record Probe(Instant at, String url, int status, boolean ready, long millis, String detail) {}

    private final BackendUrls urls;
    private final EventBus events;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "audio-breaker-probe");
        t.setDaemon(true);
        return t;
    });
    private final Map<AudioBackend, Probe> last = new EnumMap<>(AudioBackend.class);

    BreakerProbe(BackendUrls urls, EventBus events) {
        this.urls = urls;
        this.events = events;
    }

    void probeSoon(AudioBackend backend) {
        runner.execute(() -> probe(backend));
    }

    synchronized Optional<Probe> last(AudioBackend backend) {
        return Optional.ofNullable(last.get(backend));
    }

    Probe probe(AudioBackend backend) {
        Optional<String> base = urls.of(backend.backend());
        long started = System.nanoTime();
        Probe result;
        if (base.isEmpty()) {
            result = new Probe(Instant.now(), null, 0, false, 0, "not configured");
        } else {
            String url = base.get() + READY_PATH;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                boolean ready = response.statusCode() == 200 && !response.body().contains("\"ready\":false");
                result = new Probe(Instant.now(), url, response.statusCode(), ready, elapsed(started),
                        ready ? "the container answers; the failures come from the model (GPU) side"
                                : "the container answers " + response.statusCode() + " on readiness: it is loading or unhealthy");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (Exception e) {
                result = new Probe(Instant.now(), url, 0, false, elapsed(started),
                        "no answer (" + e.getClass().getSimpleName() + "): the container is down or unreachable");
            }
        }
        synchronized (this) {
            last.put(backend, result);
        }
        log.info("audio-guard-{}: deep-health probe {} -> {} in {} ms ({})", backend.key(), result.url(), result.status(),
                result.millis(), result.detail());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("service", backend.service());
        data.put("source", "audio-guard");
        data.put("backend", backend.key());
        data.put("probe", result);
        events.publish(EventBus.Types.SERVICE_STATE, data);
        return result;
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
