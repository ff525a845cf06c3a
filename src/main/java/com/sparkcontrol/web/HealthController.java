package com.sparkcontrol.web;

import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.config.SparkNodes;
import com.sparkcontrol.health.ClusterHealth;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/health}: liveness of Spark Control itself, whether each Spark is configured and what the last
 * health poll found. Never touches a Spark (the deep probe is {@code GET /api/health/deep}).
 */
@RestController
class HealthController {

    private final SparkNodes nodes;
    private final ClusterHealth health;

    HealthController(SparkNodes nodes, ClusterHealth health) {
        this.nodes = nodes;
        this.health = health;
    }

    @GetMapping("/api/health")
    Map<String, Object> health() {
        Map<String, Object> sparks = new LinkedHashMap<>();
        for (SparkNode node : nodes.all()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("configured", node.configured());
            if (!node.configured()) {
                entry.put("status", "not configured");
                entry.put("detail", node.missingSetting());
            } else {
                var reading = health.spark(node.id());
                entry.put("status", reading.map(r -> r.reachable() ? "up" : "down").orElse("unknown"));
                reading.filter(r -> !r.reachable()).ifPresent(r -> entry.put("detail", r.reason()));
            }
            health.repoDir(node.id()).ifPresent(repoDir -> entry.put("repoDir", repoDir));
            sparks.put(node.id(), entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        body.put("sparks", sparks);
        body.put("lastPollAt", health.lastPollAt().orElse(null));
        return body;
    }
}
