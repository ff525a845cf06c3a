package com.sparkcontrol.llm;

import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.ssh.CommandResult;
import com.sparkcontrol.ssh.SparkException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Which models each Spark has complete in its Hugging Face cache. The swap's pre-flight always asks afresh;
 * {@code GET /api/models} reuses a recent answer, and a finished download invalidates it.
 */
@Component
class WeightsOnDisk {

    /** One node's answer: the repos on disk, or why it could not be read. */
    record Inventory(Set<String> repos, String error, Instant checkedAt) {}

    private final LauncherShell launcher;
    private final LlmProperties properties;
    private final Map<String, Inventory> cache = new ConcurrentHashMap<>();

    WeightsOnDisk(LauncherShell launcher, LlmProperties properties) {
        this.launcher = launcher;
        this.properties = properties;
    }

    /** Lists the node's complete models now; throws {@link SparkException} when the node cannot be reached. */
    Set<String> fresh(SparkNode node) {
        CommandResult result = launcher.listWeights(node);
        if (!result.succeeded()) {
            throw new IllegalStateException(node.id() + ": listing the Hugging Face cache failed: " + result.lastErrorLine());
        }
        Set<String> repos = new TreeSet<>();
        for (String line : result.stdout().split("\n")) {
            String name = line.strip();
            if (name.startsWith("models--") && name.indexOf("--", 8) > 8) {
                int split = name.indexOf("--", 8);
                repos.add(name.substring(8, split) + "/" + name.substring(split + 2));
            }
        }
        cache.put(node.id(), new Inventory(Set.copyOf(repos), null, Instant.now()));
        return repos;
    }

    /** A recent inventory, refreshed when older than {@code inventory-max-age}; an unreachable node gives an error entry. */
    Inventory recent(SparkNode node) {
        Inventory cached = cache.get(node.id());
        Duration maxAge = properties.inventoryMaxAge();
        if (cached != null && cached.checkedAt().plus(maxAge).isAfter(Instant.now())) {
            return cached;
        }
        try {
            fresh(node);
        } catch (SparkException | IllegalStateException e) {
            cache.put(node.id(), new Inventory(Set.of(), e.getMessage(), Instant.now()));
        }
        return cache.get(node.id());
    }

    void invalidate() {
        cache.clear();
    }
}
