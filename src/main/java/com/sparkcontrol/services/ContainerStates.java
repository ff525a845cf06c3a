package com.sparkcontrol.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.ssh.CommandResult;
import com.sparkcontrol.ssh.RemoteCommand;
import com.sparkcontrol.ssh.SparkException;
import com.sparkcontrol.ssh.SparkShell;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The containers on each Spark, from {@code docker ps -a --format '{{json .}}'}: read on demand and reused
 * for a few seconds, so a dashboard polling {@code /api/services} costs at most one SSH command per Spark
 * per TTL. Actions read it fresh (to decide, say, whether an old container must be removed first).
 */
@Component
class ContainerStates {

    static final RemoteCommand DOCKER_PS = RemoteCommand.of("docker", "ps", "-a", "--format", "{{json .}}");

    /** One container as {@code docker ps} lists it; {@code state} is Docker's word (running, exited, created, …). */
    record Container(String name, String state, String status, String image) {
        boolean running() {
            return "running".equals(state);
        }
    }

    /** What one read of a Spark found: its containers by name, or why they could not be listed. */
    record Listing(Map<String, Container> containers, String error, Instant at) {
        Optional<Container> container(String name) {
            return Optional.ofNullable(containers.get(name));
        }

        boolean failed() {
            return error != null;
        }
    }

    private final SparkShell shell;
    private final ObjectMapper json;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Listing> cache = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    @Autowired
    ContainerStates(SparkShell shell, ObjectMapper json, ServicesProperties properties) {
        this(shell, json, properties.statusCacheTtl(), Clock.systemUTC());
    }

    ContainerStates(SparkShell shell, ObjectMapper json, Duration ttl, Clock clock) {
        this.shell = shell;
        this.json = json;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The cached listing when younger than the TTL, else a fresh one (one reader per Spark at a time). */
    Listing of(SparkNode node) {
        Listing cached = cache.get(node.id());
        if (fresh(cached)) {
            return cached;
        }
        synchronized (locks.computeIfAbsent(node.id(), k -> new Object())) {
            cached = cache.get(node.id());
            return fresh(cached) ? cached : read(node);
        }
    }

    /** A fresh listing; throws {@link SparkException} when the Spark cannot be reached (actions want to fail then). */
    Listing refresh(SparkNode node) {
        synchronized (locks.computeIfAbsent(node.id(), k -> new Object())) {
            Listing listing = read(node);
            if (listing.failed()) {
                throw new SparkException(node.id(), SparkException.Reason.CONNECTION_LOST, listing.error());
            }
            return listing;
        }
    }

    /** The last listing, however old, without contacting the Spark (for {@code /api/status}). */
    Optional<Listing> cached(SparkNode node) {
        return Optional.ofNullable(cache.get(node.id()));
    }

    /** Forget a Spark's listing after an action changed its containers. */
    void invalidate(SparkNode node) {
        cache.remove(node.id());
    }

    private boolean fresh(Listing listing) {
        return listing != null && listing.at().plus(ttl).isAfter(clock.instant());
    }

    private Listing read(SparkNode node) {
        Listing listing;
        try {
            CommandResult result = shell.run(node, DOCKER_PS, Duration.ofSeconds(20));
            listing = result.succeeded() ? parse(result.stdout())
                    : new Listing(Map.of(), "docker ps failed on " + node.id() + ": " + result.lastErrorLine(), clock.instant());
        } catch (SparkException e) {
            listing = new Listing(Map.of(), e.getMessage(), clock.instant());
        }
        cache.put(node.id(), listing);
        return listing;
    }

    Listing parse(String output) {
        Map<String, Container> containers = new LinkedHashMap<>();
        for (String line : output.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode row = json.readTree(line);
                String status = row.path("Status").asText("");
                String state = row.path("State").asText("");
                if (state.isEmpty()) {
                    // Docker before 20.10 has no State field; derive it from the status text
                    state = status.startsWith("Up") ? "running" : status.startsWith("Created") ? "created" : "exited";
                }
                for (String name : row.path("Names").asText("").split(",")) {
                    if (!name.isBlank()) {
                        containers.put(name.strip(), new Container(name.strip(), state, status, row.path("Image").asText("")));
                    }
                }
            } catch (Exception e) {
                // a line that is not JSON (a warning docker printed) says nothing about containers
            }
        }
        return new Listing(Map.copyOf(containers), null, clock.instant());
    }
}
