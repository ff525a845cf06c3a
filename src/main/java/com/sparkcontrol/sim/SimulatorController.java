package com.sparkcontrol.sim;

import com.sparkcontrol.sim.backends.FakeParakeet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Demo-only switches for trying failures by hand ({@code /api/sim/...}): take a simulated Spark off the
 * network, take {@code launch-cluster.sh} out of its repo dir, make Parakeet answer 503 + Retry-After. Absent unless the simulator runs.
 */
@RestController
@ConditionalOnProperty(name = "spark-control.sim.enabled", havingValue = "true")
class SimulatorController {

    private final SimulatedCluster cluster;
    private final FakeParakeet parakeet;

    SimulatorController(SimulatedCluster cluster, FakeParakeet parakeet) {
        this.cluster = cluster;
        this.parakeet = parakeet;
    }

    @GetMapping("/api/sim")
    Map<String, Object> state() {
        Map<String, Object> nodes = new LinkedHashMap<>();
        for (SimulatedSpark spark : cluster.nodes()) {
            nodes.put(spark.id(), Map.of("unreachable", spark.isUnreachable(), "launcherMissing", spark.isLauncherMissing(),
                    "serving", spark.servingModel().orElse("")));
        }
        return Map.of("nodes", nodes, "parakeetStormRemaining", parakeet.stormRemaining());
    }

    /** {@code POST /api/sim/spark2/unreachable?on=true}: the Spark's SSH port refuses connections. */
    @PostMapping("/api/sim/{node}/unreachable")
    Map<String, Object> unreachable(@PathVariable String node, @RequestParam(defaultValue = "true") boolean on) {
        SimulatedSpark spark = spark(node);
        spark.unreachable(on);
        return Map.of("node", spark.id(), "unreachable", on);
    }

    /** {@code POST /api/sim/spark1/launcher-missing?on=true}: {@code launch-cluster.sh} is gone from the Spark's repo dir. */
    @PostMapping("/api/sim/{node}/launcher-missing")
    Map<String, Object> launcherMissing(@PathVariable String node, @RequestParam(defaultValue = "true") boolean on) {
        SimulatedSpark spark = spark(node);
        spark.launcherMissing(on);
        return Map.of("node", spark.id(), "launcherMissing", on);
    }

    /** {@code POST /api/sim/parakeet/storm?retryAfter=5&count=3}: the next requests get 503 + Retry-After. */
    @PostMapping("/api/sim/parakeet/storm")
    Map<String, Object> storm(@RequestParam(defaultValue = "5") int retryAfter, @RequestParam(defaultValue = "3") int count) {
        parakeet.setRetryAfterStorm(Math.max(1, Math.min(retryAfter, 120)), Math.max(1, Math.min(count, 100)));
        return Map.of("retryAfter", retryAfter, "count", count);
    }

    private SimulatedSpark spark(String node) {
        return cluster.nodes().stream().filter(n -> n.id().equals(node)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no simulated Spark named " + node));
    }
}
