package com.sparkcontrol.health;

import com.sparkcontrol.config.BackendUrls.Backend;
import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.config.SparkNodes;
import com.sparkcontrol.health.BackendReading.VllmLoad;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The poll's Prometheus series ({@code /actuator/prometheus}): poll durations and failures, per-Spark hardware
 * gauges and backend up/down. Gauges read {@link ClusterHealth}; an unknown figure is NaN, which Prometheus
 * treats as "no value" rather than zero.
 */
@Component
class HealthMetrics {

    private final MeterRegistry registry;

    HealthMetrics(MeterRegistry registry, SparkNodes nodes, ClusterHealth health) {
        this.registry = registry;
        for (SparkNode node : nodes.all()) {
            String id = node.id();
            sparkGauge("sparkcontrol.spark.up", null, "1 when the Spark answered its last poll", id, health,
                    r -> r.reachable() ? 1.0 : 0.0);
            sparkGauge("sparkcontrol.spark.cpu", "percent", "CPU busy since the previous poll", id, health, r -> r.cpu().percent());
            sparkGauge("sparkcontrol.spark.memory.used", "bytes", "Memory in use (the unified pool on a GB10)", id, health,
                    r -> number(r.memory().usedBytes()));
            sparkGauge("sparkcontrol.spark.memory.total", "bytes", "Memory size (the unified pool on a GB10)", id, health,
                    r -> number(r.memory().totalBytes()));
            sparkGauge("sparkcontrol.spark.gpu.utilization", "percent", "GPU utilisation", id, health, r -> r.gpu().utilPercent());
            sparkGauge("sparkcontrol.spark.gpu.temperature", "celsius", "GPU temperature", id, health, r -> r.gpu().temperatureC());
            sparkGauge("sparkcontrol.spark.gpu.power", "watts", "GPU power draw", id, health, r -> r.gpu().powerW());
            sparkGauge("sparkcontrol.spark.disk.free", "bytes", "Free space where the Hugging Face cache lives", id, health,
                    r -> number(r.disk().freeBytes()));
        }
        for (Backend backend : Backend.values()) {
            Gauge.builder("sparkcontrol.backend.up", health, h -> h.backend(backend).filter(BackendReading::configured)
                            .map(r -> r.up() ? 1.0 : 0.0).orElse(Double.NaN))
                    .description("1 when the backend's health check passed at the last poll").tag("backend", backend.key())
                    .register(registry);
        }
        vllmGauge("sparkcontrol.vllm.requests.running", "vLLM requests running", health, VllmLoad::requestsRunning);
        vllmGauge("sparkcontrol.vllm.requests.waiting", "vLLM requests queued", health, VllmLoad::requestsWaiting);
        vllmGauge("sparkcontrol.vllm.kv.cache.usage.percent", "vLLM KV-cache use", health, VllmLoad::kvCachePercent);
        vllmGauge("sparkcontrol.vllm.generation.tokens.per.second", "vLLM generated tokens per second between polls", health,
                VllmLoad::tokensPerSecond);
    }

    void sparkPolled(String spark, Duration took, String failureReason) {
        Timer.builder("sparkcontrol.poll.duration").description("Time to gather one Spark's figures over SSH")
                .tag("spark", spark).register(registry).record(took);
        if (failureReason != null) {
            Counter.builder("sparkcontrol.poll.failures").description("Polls in which a Spark could not be read")
                    .tag("spark", spark).tag("reason", failureReason).register(registry).increment();
        }
    }

    void backendProbed(String backend, Duration took) {
        Timer.builder("sparkcontrol.backend.probe.duration").description("Time to probe one backend over HTTP")
                .tag("backend", backend).register(registry).record(took);
    }

    void cycleCompleted(Duration took) {
        Timer.builder("sparkcontrol.poll.cycle.duration").description("Time of one whole poll of every Spark and backend")
                .register(registry).record(took);
    }

    private void sparkGauge(String name, String unit, String description, String spark, ClusterHealth health,
            Function<SparkReading, Double> figure) {
        Gauge.builder(name, health, h -> h.spark(spark).map(figure).map(v -> v == null ? Double.NaN : v).orElse(Double.NaN))
                .description(description).baseUnit(unit).tag("spark", spark).register(registry);
    }

    private void vllmGauge(String name, String description, ClusterHealth health, Function<VllmLoad, Double> figure) {
        Gauge.builder(name, health, h -> h.backend(Backend.LLM).map(BackendReading::load).map(figure)
                .map(v -> v == null ? Double.NaN : v).orElse(Double.NaN)).description(description).register(registry);
    }

    private static Double number(Long value) {
        return value == null ? null : value.doubleValue();
    }
}
