package com.sparkcontrol.health;

import java.time.Instant;
import java.util.List;

/**
 * What probing one backend over HTTP found.
 *
 * @param configured false when neither a URL nor its Spark's host is set (then it is never probed)
 * @param up         its health path answered as healthy
 * @param detail     why it is not up, or a note (null when all is well)
 * @param latencyMs  time of its health check
 * @param model      the served model (LLM only)
 * @param load       vLLM's queue, KV-cache and throughput from {@code /metrics} (LLM only; null when unknown)
 * @param checks     every HTTP call made, with status, timing and error
 */
public record BackendReading(
        String backend,
        boolean configured,
        String url,
        boolean up,
        String detail,
        Instant at,
        Long latencyMs,
        String model,
        Integer maxModelLen,
        VllmLoad load,
        List<Check> checks) {

    /** One HTTP call of a probe. {@code status} is null when no answer came; {@code error} says why. */
    public record Check(String path, Integer status, long millis, String error) {}

    /** vLLM's own figures: requests running and queued, KV-cache use in percent, tokens per second. */
    public record VllmLoad(Double requestsRunning, Double requestsWaiting, Double kvCachePercent,
            Double tokensPerSecond, Double promptTokensPerSecond) {}

    static BackendReading notConfigured(String backend, Instant at) {
        return new BackendReading(backend, false, null, false, "not configured", at, null, null, null, null, List.of());
    }
}
