package com.sparkcontrol.llm;

import com.sparkcontrol.catalog.CatalogModel;
import com.sparkcontrol.catalog.ModelCatalog;
import com.sparkcontrol.catalog.ModelMode;
import com.sparkcontrol.events.EventBus;
import com.sparkcontrol.ssh.CommandResult;
import com.sparkcontrol.web.StatusContributor;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The one owner of "which LLM is loaded" and of the swap in progress. It alone decides whether a swap may start
 * (single flight, shared with cluster updates through {@link ClusterWork}), records each step the swap route
 * reports, publishes {@code swap-progress}/{@code swap-log} events, and answers the gateway ({@link SwapGate}).
 * The active model is only ever learned from {@code /v1/models} or a swap that reached READY, never assumed.
 */
@Component
public class ActiveModel implements SwapGate, StatusContributor {

    private static final Logger log = LoggerFactory.getLogger(ActiveModel.class);
    private static final Duration MIN_ETA = Duration.ofSeconds(5);

    private final EventBus events;
    private final LoadTimes loadTimes;
    private final LlmProperties properties;
    private final ClusterWork work;
    private final ModelCatalog catalog;
    private final ImageVersion image;

    private Swap current;
    /** The catalog model being served; null when nothing is, or it is not in the catalog (see {@link #activeServed}). */
    private CatalogModel active;
    private String activeServed;
    private Instant activeCheckedAt;
    /** The mode of what ran last (launched here or detected), for the next {@code stop}. */
    private ModelMode lastMode;

    ActiveModel(EventBus events, LoadTimes loadTimes, LlmProperties properties, ClusterWork work, ModelCatalog catalog,
            ImageVersion image) {
        this.events = events;
        this.loadTimes = loadTimes;
        this.properties = properties;
        this.work = work;
        this.catalog = catalog;
        this.image = image;
    }

    /** Starts a swap record, or refuses with 409 while another swap (or a cluster update) holds the cluster. */
    synchronized Swap begin(CatalogModel model) {
        if (current != null && !current.finished()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, current.inFlight()
                    ? "a swap to " + current.model().id() + " is running (" + current.state() + "); cancel it with DELETE /api/swap"
                    : "the failed swap to " + current.model().id() + " is still stopping the cluster; try again in a moment");
        }
        Swap swap = new Swap(model, active != null ? active.mode() : lastMode, properties.swapLogLines());
        Optional<String> holder = work.claim("swap " + swap.id());
        if (holder.isPresent()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "the cluster is busy: " + holder.get());
        }
        current = swap;
        log.info("llm-swap {}: swap to {} ({}) requested", swap.id(), model.id(), model.mode().json());
        swap.progress().set("pre-flight checks", 0);
        published(swap);
        return swap;
    }

    /** Asks the running swap to stop; empty when none is in flight. */
    synchronized Optional<Swap> requestCancel() {
        if (current == null || !current.inFlight()) {
            return Optional.empty();
        }
        current.requestCancel();
        log("spark-control", current, "cancel requested");
        return Optional.of(current);
    }

    void log(String source, Swap swap, String line) {
        log(source, swap, line, null);
    }

    /** One line of the swap log, numbered; {@code at} is when vLLM wrote it (docker's timestamp), when known. */
    void log(String source, Swap swap, String line, Instant at) {
        long seq = swap.appendLog(line);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("swapId", swap.id());
        data.put("seq", seq);
        data.put("source", source);
        data.put("line", line);
        data.put("at", at == null ? null : at.toString());
        events.publish(EventBus.Types.SWAP_LOG, data);
    }

    /** A launcher command's output, line by line, into the swap log. */
    void logOutput(Swap swap, CommandResult result) {
        for (String stream : new String[] {result.stdout(), result.stderr()}) {
            for (String line : stream.split("\\R")) {
                if (!line.isBlank()) {
                    log("launcher", swap, DockerLogCursor.shown(line));
                }
            }
        }
    }

    void enter(Swap swap, SwapState state, String phase, int percent) {
        swap.state(state);
        swap.progress().set(phase, percent);
        published(swap);
    }

    /** {@code stop} is about to run: from here on the previous model is gone. */
    synchronized void stoppingCluster(Swap swap) {
        swap.touchCluster();
        setActive(null, null);
        enter(swap, SwapState.STOPPING, "stopping the cluster", 2);
    }

    synchronized void launched(Swap swap, Instant deadline) {
        lastMode = swap.model().mode();
        swap.deadline(deadline);
        enter(swap, SwapState.LOADING, "starting engine", LoadProgress.LAUNCHED);
    }

    void progressed(Swap swap) {
        published(swap);
    }

    synchronized void ready(Swap swap) {
        swap.progress().set("ready", 100);
        swap.end(SwapState.READY, null, null);
        setActive(swap.model(), swap.model().servedName());
        lastMode = swap.model().mode();
        loadTimes.record(swap.model().id(), swap.loadTime());
        log.info("llm-swap {}: {} is READY after {} s", swap.id(), swap.model().id(), swap.loadTime().toSeconds());
        log("spark-control", swap, swap.model().servedName() + " is ready (" + swap.loadTime().toSeconds() + " s)");
        published(swap);
        notifyAll();
    }

    synchronized void failed(Swap swap, String error, String kind) {
        if (!swap.inFlight()) {
            return;
        }
        swap.end(SwapState.FAILED, error, kind);
        if (swap.clusterTouched()) {
            setActive(null, null);
        }
        log.warn("llm-swap {}: swap to {} FAILED ({}): {}", swap.id(), swap.model().id(), kind, error);
        log("spark-control", swap, "FAILED (" + kind + "): " + error);
        published(swap);
        notifyAll();
    }

    synchronized void cancelled(Swap swap) {
        if (!swap.inFlight()) {
            return;
        }
        swap.end(SwapState.CANCELLED, null, null);
        log.info("llm-swap {}: swap to {} CANCELLED", swap.id(), swap.model().id());
        log("spark-control", swap, "cancelled" + (swap.clusterTouched() ? "; the cluster is stopped" : "; nothing was changed"));
        published(swap);
        notifyAll();
    }

    /** The route has ended, clean-up included: the next swap may start. */
    synchronized void finished(Swap swap) {
        if (swap.inFlight()) {
            failed(swap, "the swap ended without an outcome", "internal");
        }
        swap.finish();
        work.release("swap " + swap.id());
        notifyAll();
    }

    /**
     * What {@code GET /v1/models} on the head said when no swap held the cluster: the served model id, or empty
     * when vLLM did not answer with one. Ignored while a swap runs (the swap is the authority then).
     */
    synchronized void detected(Optional<String> served) {
        if (current != null && !current.finished()) {
            return;
        }
        CatalogModel model = served.flatMap(catalog::byServedName).orElse(null);
        if (model != null) {
            lastMode = model.mode();
        }
        setActive(model, served.orElse(null));
    }

    synchronized Optional<CatalogModel> active() {
        return Optional.ofNullable(active);
    }

    synchronized Optional<Swap> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public synchronized Optional<Unavailable> unavailable() {
        if (current == null || !current.inFlight() || !current.clusterTouched()) {
            return Optional.empty();
        }
        return Optional.of(new Unavailable(current.model().servedName(), current.state().name(), eta(current)));
    }

    @Override
    public synchronized boolean awaitReady(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (current != null && current.inFlight()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return active != null || activeServed != null;
    }

    /** How long the swap should still take, from this model's recorded load times. */
    synchronized Duration eta(Swap swap) {
        Duration typical = loadTimes.typical(swap.model().id()).orElse(properties.defaultLoadEta());
        Duration left = typical.minus(swap.elapsed());
        return left.compareTo(MIN_ETA) < 0 ? MIN_ETA : left;
    }

    @Override
    public String key() {
        return "llm";
    }

    @Override
    public synchronized Object snapshot() {
        Map<String, Object> llm = new LinkedHashMap<>();
        llm.put("activeModel", active == null ? null : active.id());
        llm.put("activeModelName", active == null ? activeServed : active.name());
        llm.put("servedModel", activeServed);
        llm.put("activeCheckedAt", activeCheckedAt == null ? null : activeCheckedAt.toString());
        llm.put("swap", current == null ? null : progressOf(current));
        llm.put("lastError", current != null && current.state() == SwapState.FAILED ? current.error() : null);
        llm.put("image", image.cached().orElse(null));
        return llm;
    }

    /** {@code GET /api/swap}: the current or last swap with its kept log; empty when none ran since start-up. */
    synchronized Optional<Map<String, Object>> view() {
        if (current == null) {
            return Optional.empty();
        }
        Map<String, Object> view = progressOf(current);
        view.put("servedModel", current.model().servedName());
        view.put("mode", current.model().mode().json());
        view.put("startedAt", current.startedAt().toString());
        view.put("endedAt", current.endedAt() == null ? null : current.endedAt().toString());
        view.put("loadSeconds", current.loadTime() == null ? null : current.loadTime().toMillis() / 1000.0);
        view.put("cancelRequested", current.cancelRequested());
        view.put("finished", current.finished());
        view.put("logOffset", current.logOffset());
        view.put("log", current.log());
        return Optional.of(view);
    }

    private Map<String, Object> progressOf(Swap swap) {
        LoadProgress.Snapshot progress = swap.progress().snapshot();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("swapId", swap.id());
        data.put("model", swap.model().id());
        data.put("modelName", swap.model().name());
        data.put("state", swap.state().name());
        data.put("phase", progress.phase());
        data.put("percent", progress.percent());
        data.put("etaSeconds", swap.inFlight() ? eta(swap).toSeconds() : null);
        data.put("error", swap.error());
        data.put("errorKind", swap.errorKind());
        return data;
    }

    private void published(Swap swap) {
        Map<String, Object> data;
        synchronized (this) {
            data = progressOf(swap);
        }
        events.publish(EventBus.Types.SWAP_PROGRESS, data);
    }

    private void setActive(CatalogModel model, String served) {
        boolean changed = !Objects.equals(model == null ? null : model.id(), active == null ? null : active.id())
                || !Objects.equals(served, activeServed) || activeCheckedAt == null;
        active = model;
        activeServed = served;
        activeCheckedAt = Instant.now();
        if (changed) {
            events.publish(EventBus.Types.STATUS, Map.of("llm", snapshot()));
        }
    }
}
