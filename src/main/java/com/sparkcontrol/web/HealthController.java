package com.sparkcontrol.web;

import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.config.SparkNodes;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/health}: liveness of Spark Control itself, plus whether each Spark is configured. Never touches a Spark. */
@RestController
class HealthController {

    private final SparkNodes nodes;

    HealthController(SparkNodes nodes) {
        this.nodes = nodes;
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
            }
            sparks.put(node.id(), entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        body.put("sparks", sparks);
        return body;
    }
}
