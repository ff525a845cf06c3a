package com.sparkcontrol.health;

import com.sparkcontrol.config.BackendUrls.Backend;
import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.config.SparkNodes;
import com.sparkcontrol.events.EventBus;
import com.sparkcontrol.health.BackendReading.VllmLoad;
import com.sparkcontrol.health.ConnectivityHistory.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one owner of what the health poll knows: the latest reading of every Spark and backend, the sparkline
 * history, and (through {@link ConnectivityHistory}) what went up and down. Routes hand readings in; the
 * API, the status snapshot, the metrics and the browsers' event stream read from here.
 */
@Component
public class ClusterHealth {

    private static final Logger log = LoggerFactory.getLogger("health-poll");
    static final Duration DAY = Duration.ofHours(24);
    static final Duration WEEK = Duration.ofDays(7);
    static final String NOT_CONFIGURED = "NOT_CONFIGURED";

    private final SparkNodes nodes;
    private final ConnectivityHistory connectivity;
    private final EventBus events;
    private final HealthProperties properties;
    private final MetricHistory history;
    private final RepoDirCheck repoDirs;
    private final Map<String, SparkReading> sparks = new ConcurrentHashMap<>();
    private final Map<String, BackendReading> backends = new ConcurrentHashMap<>();
    /** What the last status delta said per subject, so only real changes are published. */
    private final Map<String, Object> published = new ConcurrentHashMap<>();
    private volatile Instant lastPollAt;
    private volatile Long lastPollMillis;

    ClusterHealth(SparkNodes nodes, ConnectivityHistory connectivity, EventBus events, HealthProperties properties,
            RepoDirCheck repoDirs) {
        this.nodes = nodes;
        this.connectivity = connectivity;
        this.events = events;
        this.properties = properties;
        this.history = new MetricHistory(properties.historySize());
        this.repoDirs = repoDirs;
    }

    // ---- what the poll hands in -------------------------------------------------------------------------

    void record(SparkReading reading) {
        sparks.put(reading.spark(), reading);
        if (!NOT_CONFIGURED.equals(reading.reasonCode())) {
            appendHistory(reading);
            connectivity.observe(reading.spark(), "spark", reading.reachable(), reading.reachable() ? "answered" : reading.reason())
                    .ifPresent(t -> log.info("{} is {}{}", t.subject(), t.state(), t.cause() == null ? "" : ": " + t.cause()));
        }
        publishIfChanged(reading.spark(), "sparks", sparkSignature(reading), sparkStatus(reading.spark()));
    }

    private void appendHistory(SparkReading reading) {
        Map<String, Double> points = new LinkedHashMap<>();
        points.put("cpuPercent", reading.cpu().percent());
        points.put("memoryUsedBytes", toDouble(reading.memory().usedBytes()));
        points.put("gpuUtilPercent", reading.gpu().utilPercent());
        points.put("gpuTemperatureC", reading.gpu().temperatureC());
        points.put("gpuPowerW", reading.gpu().powerW());
        points.put("diskFreeBytes", toDouble(reading.disk().freeBytes()));
        history.append(reading.spark(), reading.at(), points);
    }

    void record(BackendReading reading) {
        backends.put(reading.backend(), reading);
        if (reading.load() != null) {
            Map<String, Double> points = new LinkedHashMap<>();
            points.put("tokensPerSecond", reading.load().tokensPerSecond());
            points.put("requestsRunning", reading.load().requestsRunning());
            points.put("requestsWaiting", reading.load().requestsWaiting());
            points.put("kvCachePercent", reading.load().kvCachePercent());
            history.append("backend:" + reading.backend(), reading.at(), points);
        }
        if (reading.configured()) {
            connectivity.observe(reading.backend(), "backend", reading.up(), reading.up() ? "healthy" : reading.detail())
                    .ifPresent(t -> log.info("{} is {}{}", t.subject(), t.state(), t.cause() == null ? "" : ": " + t.cause()));
        }
        publishIfChanged("backend:" + reading.backend(), "backends", List.of(reading.configured(), reading.up(),
                String.valueOf(reading.detail()), String.valueOf(reading.model())), backendStatus(reading.backend()));
    }

    /** The end of one poll of everything: a compact tick for the browsers' live figures. */
    void pollCompleted(Instant at, long millis) {
        lastPollAt = at;
        lastPollMillis = millis;
        Map<String, Object> tick = new LinkedHashMap<>();
        tick.put("at", at);
        tick.put("pollMillis", millis);
        Map<String, Object> sparkFigures = new LinkedHashMap<>();
        for (SparkNode node : nodes.all()) {
            SparkReading r = sparks.get(node.id());
            if (r != null) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("reachable", r.reachable());
                f.put("cpuPercent", r.cpu().percent());
                f.put("memoryUsedBytes", r.memory().usedBytes());
                f.put("memoryTotalBytes", r.memory().totalBytes());
                f.put("gpuUtilPercent", r.gpu().utilPercent());
                f.put("gpuTemperatureC", r.gpu().temperatureC());
                f.put("gpuPowerW", r.gpu().powerW());
                f.put("diskFreeBytes", r.disk().freeBytes());
                sparkFigures.put(node.id(), f);
            }
        }
        tick.put("sparks", sparkFigures);
        Map<String, Object> backendFigures = new LinkedHashMap<>();
        backends.forEach((key, r) -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("up", r.up());
            f.put("latencyMs", r.latencyMs());
            if (r.load() != null) {
                f.put("tokensPerSecond", r.load().tokensPerSecond());
                f.put("requestsRunning", r.load().requestsRunning());
                f.put("requestsWaiting", r.load().requestsWaiting());
                f.put("kvCachePercent", r.load().kvCachePercent());
            }
            backendFigures.put(key, f);
        });
        tick.put("backends", backendFigures);
        events.publish(EventBus.Types.HEALTH, tick);
    }

    private void publishIfChanged(String subject, String part, Object signature, Object entry) {
        Object before = published.put(subject, signature);
        if (!Objects.equals(before, signature)) {
            String key = subject.startsWith("backend:") ? subject.substring(8) : subject;
            events.publish(EventBus.Types.STATUS, Map.of(part, Map.of(key, entry)));
        }
    }

    private static List<Object> sparkSignature(SparkReading r) {
        List<Object> signature = new ArrayList<>();
        signature.add(r.reachable());
        signature.add(String.valueOf(r.reasonCode()));
        signature.add(r.memory().unified());
        signature.add(String.valueOf(r.gpu().name()));
        signature.add(String.valueOf(r.launcherFound()));
        if (r.containers() != null) {
            r.containers().forEach(c -> signature.add(c.name() + "=" + c.state()));
        }
        return signature;
    }

    // ---- what readers see --------------------------------------------------------------------------------

    public Optional<SparkReading> spark(String id) {
        return Optional.ofNullable(sparks.get(id));
    }

    public Optional<BackendReading> backend(Backend backend) {
        return Optional.ofNullable(backends.get(backend.key()));
    }

    /** Whether {@code launch-cluster.sh} is ready on a Spark that runs vLLM; empty for the other Sparks. */
    public Optional<RepoDir> repoDir(String id) {
        return repoDirs.of(id, sparks.get(id));
    }

    public Optional<Instant> lastPollAt() {
        return Optional.ofNullable(lastPollAt);
    }

    /** {@code GET /api/hardware}: every Spark with all its figures, uptime and sparkline history. */
    Map<String, Object> hardware() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (SparkNode node : nodes.all()) {
            Map<String, Object> entry = identity(node);
            SparkReading r = sparks.get(node.id());
            if (r != null) {
                entry.put("pollMillis", r.pollMillis());
                entry.put("cpu", r.cpu());
                entry.put("memory", r.memory());
                entry.put("gpu", r.gpu());
                entry.put("disk", r.disk());
                entry.put("containers", r.containers());
                entry.put("notes", r.notes());
            }
            entry.put("uptime", uptime(node.id()));
            entry.put("history", Map.of("intervalSeconds", properties.pollInterval().toMillis() / 1000.0,
                    "series", history.of(node.id())));
            all.put(node.id(), entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("polledAt", lastPollAt);
        body.put("pollMillis", lastPollMillis);
        body.put("pollIntervalSeconds", properties.pollInterval().toMillis() / 1000.0);
        body.put("sparks", all);
        return body;
    }

    /** The {@code sparks} part of {@code GET /api/status}: one compact entry per Spark. */
    Map<String, Object> sparksStatus() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (SparkNode node : nodes.all()) {
            all.put(node.id(), sparkStatus(node.id()));
        }
        return all;
    }

    private Map<String, Object> sparkStatus(String id) {
        SparkNode node = nodes.require(id);
        Map<String, Object> entry = identity(node);
        repoDir(id).ifPresent(repoDir -> entry.put("repoDir", repoDir));
        SparkReading r = sparks.get(id);
        if (r != null) {
            entry.put("cpuPercent", r.cpu().percent());
            entry.put("memoryUsedBytes", r.memory().usedBytes());
            entry.put("memoryTotalBytes", r.memory().totalBytes());
            entry.put("unified", r.memory().unified());
            entry.put("gpuUtilPercent", r.gpu().utilPercent());
            entry.put("gpuTemperatureC", r.gpu().temperatureC());
            entry.put("diskFreeBytes", r.disk().freeBytes());
            entry.put("containers", r.containers() == null ? null
                    : r.containers().stream().map(c -> Map.of("name", c.name(), "state", String.valueOf(c.state()))).toList());
        }
        entry.put("uptime", uptime(id));
        return entry;
    }

    private Map<String, Object> identity(SparkNode node) {
        Map<String, Object> entry = new LinkedHashMap<>();
        SparkReading r = sparks.get(node.id());
        entry.put("id", node.id());
        entry.put("host", node.host());
        entry.put("roles", node.roles().stream().map(Enum::name).sorted().toList());
        entry.put("configured", node.configured());
        entry.put("state", !node.configured() ? "not configured" : r == null ? "unknown" : r.reachable() ? "up" : "down");
        entry.put("reachable", r != null && r.reachable());
        entry.put("reason", !node.configured() ? node.missingSetting() : r == null ? "not polled yet" : r.reason());
        entry.put("reasonCode", r == null ? null : r.reasonCode());
        entry.put("since", connectivity.last(node.id()).map(Transition::at).orElse(null));
        entry.put("polledAt", r == null ? null : r.at());
        return entry;
    }

    /** The {@code backends} part of {@code GET /api/status}. */
    Map<String, Object> backendsStatus() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Backend backend : Backend.values()) {
            all.put(backend.key(), backendStatus(backend.key()));
        }
        return all;
    }

    private Map<String, Object> backendStatus(String key) {
        BackendReading r = backends.get(key);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("state", r == null ? "unknown" : !r.configured() ? "not configured" : r.up() ? "up" : "down");
        entry.put("up", r != null && r.up());
        entry.put("detail", r == null ? "not polled yet" : r.detail());
        entry.put("url", r == null ? null : r.url());
        entry.put("since", connectivity.last(key).map(Transition::at).orElse(null));
        entry.put("checkedAt", r == null ? null : r.at());
        entry.put("latencyMs", r == null ? null : r.latencyMs());
        if (r != null && r.model() != null) {
            entry.put("model", r.model());
            entry.put("maxModelLen", r.maxModelLen());
        }
        VllmLoad load = r == null ? null : r.load();
        if (load != null) {
            entry.put("load", load);
            entry.put("history", history.of("backend:" + key));
        }
        entry.put("uptime", uptime(key));
        return entry;
    }

    /** The {@code connectivity} part of {@code GET /api/status}: recent transitions and reported events. */
    Map<String, Object> connectivityStatus(int recent) {
        List<Transition> all = connectivity.transitions();
        List<Transition> latest = new ArrayList<>(all.subList(Math.max(0, all.size() - recent), all.size()));
        java.util.Collections.reverse(latest);
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("transitions", latest);
        part.put("reports", connectivity.recentReports(recent));
        return part;
    }

    private Map<String, Double> uptime(String subject) {
        Map<String, Double> uptime = new LinkedHashMap<>();
        uptime.put("last24hPercent", connectivity.uptimePercent(subject, DAY));
        uptime.put("last7dPercent", connectivity.uptimePercent(subject, WEEK));
        return uptime;
    }

    private static Double toDouble(Long value) {
        return value == null ? null : value.doubleValue();
    }
}
