package com.sparkcontrol.services;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Short HTTP probes of a service's health path (and of an overlay's endpoint), cached for the status TTL so
 * a polling dashboard never hammers a Spark. A probe reports the status code or why nothing answered.
 */
@Component
class ServiceProbes {

    /** One probe: the HTTP status, or null with {@code detail} when nothing answered. */
    record Probe(String url, Integer status, String detail, Instant at) {
        boolean answered() {
            return status != null;
        }

        boolean healthy() {
            return status != null && status >= 200 && status < 300;
        }

        /** For an endpoint probed with GET that only takes POST: any answer but 404 (or a 5xx) means it is there. */
        boolean routePresent() {
            return status != null && status != 404 && status < 500;
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final Duration ttl;
    private final Map<String, Probe> cache = new ConcurrentHashMap<>();

    ServiceProbes(ServicesProperties properties) {
        this.timeout = properties.healthTimeout();
        this.ttl = properties.statusCacheTtl();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** A probe no older than the TTL, in the background; completes within the probe timeout. */
    CompletableFuture<Probe> cachedProbe(String url) {
        Probe cached = cache.get(url);
        if (cached != null && cached.at().plus(ttl).isAfter(Instant.now())) {
            return CompletableFuture.completedFuture(cached);
        }
        return probe(url).thenApply(p -> {
            cache.put(url, p);
            return p;
        });
    }

    /** The last probe of this URL, however old, without probing (for {@code /api/status}). */
    Optional<Probe> last(String url) {
        return Optional.ofNullable(cache.get(url));
    }

    /** A fresh probe (GET, body discarded). */
    CompletableFuture<Probe> probe(String url) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Probe(url, null, "not a valid URL", Instant.now()));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> {
                    if (failure == null) {
                        return new Probe(url, response.statusCode(), "HTTP " + response.statusCode(), Instant.now());
                    }
                    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                    String detail = cause instanceof HttpTimeoutException ? "no answer within " + timeout.toMillis() + " ms"
                            : cause instanceof java.net.ConnectException ? "connection refused"
                            : cause instanceof IOException ? "not answering (" + cause.getClass().getSimpleName() + ")"
                            : "probe failed (" + cause.getClass().getSimpleName() + ")";
                    return new Probe(url, null, detail, Instant.now());
                });
    }
}
