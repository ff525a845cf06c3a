package com.sparkcontrol.health;

import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.config.SparkNodes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/health/deep}: every backend probed now (each HTTP call with status, timing and error), plus
 * each Spark as its last poll found it. Always 200; {@code status} is {@code UP} only when every configured
 * backend and Spark is up.
 */
@RestController
class DeepHealthController {

    private final ProducerTemplate producer;
    private final ClusterHealth health;
    private final SparkNodes nodes;

    DeepHealthController(ProducerTemplate producer, ClusterHealth health, SparkNodes nodes) {
        this.producer = producer;
        this.health = health;
        this.nodes = nodes;
    }

    @GetMapping("/api/health/deep")
    Map<String, Object> deep() {
        long start = System.nanoTime();
        Instant at = Instant.now();
        List<?> readings = producer.requestBody("direct:health-deep", null, List.class);
        Map<String, Object> backends = new LinkedHashMap<>();
        boolean allUp = true;
        // the split keeps the backends' order
        for (BackendReading r : readings.stream().map(BackendReading.class::cast).toList()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("state", !r.configured() ? "not configured" : r.up() ? "up" : "down");
            entry.put("url", r.url());
            entry.put("detail", r.detail());
            entry.put("latencyMs", r.latencyMs());
            if (r.model() != null) {
                entry.put("model", r.model());
            }
            entry.put("checks", r.checks());
            backends.put(r.backend(), entry);
            allUp &= !r.configured() || r.up();
        }
        Map<String, Object> sparks = new LinkedHashMap<>();
        for (SparkNode node : nodes.all()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            var reading = health.spark(node.id());
            entry.put("state", !node.configured() ? "not configured"
                    : reading.map(r -> r.reachable() ? "up" : "down").orElse("unknown"));
            entry.put("reason", reading.map(SparkReading::reason).orElse(node.configured() ? "not polled yet" : node.missingSetting()));
            entry.put("polledAt", reading.map(SparkReading::at).orElse(null));
            entry.put("pollMillis", reading.map(SparkReading::pollMillis).orElse(null));
            sparks.put(node.id(), entry);
            allUp &= !node.configured() || reading.map(SparkReading::reachable).orElse(false);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", allUp ? "UP" : "DEGRADED");
        body.put("checkedAt", at);
        body.put("tookMs", (System.nanoTime() - start) / 1_000_000);
        body.put("backends", backends);
        body.put("sparks", sparks);
        return body;
    }
}
