package com.sparkcontrol.llm;

import com.sparkcontrol.catalog.CatalogModel;
import com.sparkcontrol.catalog.ModelMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * One swap's record: what is being loaded, where it stands and its log (the last N lines, numbered from the
 * start). Only {@link ActiveModel} changes it; the route's processors read it and report to the owner.
 */
final class Swap {

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final CatalogModel model;
    /** The mode of whatever ran before (null when unknown): decides whether {@code stop} needs the workers. */
    private final ModelMode previousMode;
    private final Instant startedAt = Instant.now();
    private final long startedNanos = System.nanoTime();
    private final int logCapacity;
    private final Deque<String> log = new ArrayDeque<>();
    private final LoadProgress progress = new LoadProgress();

    private volatile SwapState state = SwapState.STOPPING;
    private volatile boolean cancelRequested;
    private volatile boolean clusterTouched;
    private volatile boolean readyMarkerSeen;
    private volatile boolean finished;
    private long logSeq;
    private Instant endedAt;
    private Duration loadTime;
    private String error;
    private String errorKind;
    private String firstRootCause;
    private Instant deadline;

    Swap(CatalogModel model, ModelMode previousMode, int logCapacity) {
        this.model = model;
        this.previousMode = previousMode;
        this.logCapacity = logCapacity;
    }

    String id() {
        return id;
    }

    CatalogModel model() {
        return model;
    }

    ModelMode previousMode() {
        return previousMode;
    }

    Instant startedAt() {
        return startedAt;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    SwapState state() {
        return state;
    }

    void state(SwapState next) {
        this.state = next;
    }

    LoadProgress progress() {
        return progress;
    }

    boolean inFlight() {
        return !state.isFinal();
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    void requestCancel() {
        cancelRequested = true;
    }

    /** Set once {@code stop} ran: from then on the previous model is gone and a failure needs a clean-up. */
    boolean clusterTouched() {
        return clusterTouched;
    }

    void touchCluster() {
        clusterTouched = true;
    }

    boolean readyMarkerSeen() {
        return readyMarkerSeen;
    }

    void readyMarkerSeen(boolean seen) {
        readyMarkerSeen = seen;
    }

    /** The route has ended (clean-up included): the cluster is free for the next swap. */
    boolean finished() {
        return finished;
    }

    void finish() {
        finished = true;
    }

    synchronized long appendLog(String line) {
        log.addLast(line);
        if (log.size() > logCapacity) {
            log.removeFirst();
        }
        return logSeq++;
    }

    synchronized List<String> log() {
        return new ArrayList<>(log);
    }

    /** The number (from 0) of the oldest line still kept. */
    synchronized long logOffset() {
        return logSeq - log.size();
    }

    synchronized void end(SwapState finalState, String error, String errorKind) {
        this.state = finalState;
        this.error = error;
        this.errorKind = errorKind;
        this.endedAt = Instant.now();
        if (finalState == SwapState.READY) {
            this.loadTime = elapsed();
        }
    }

    synchronized Instant endedAt() {
        return endedAt;
    }

    synchronized Duration loadTime() {
        return loadTime;
    }

    synchronized String error() {
        return error;
    }

    synchronized String errorKind() {
        return errorKind;
    }

    /** Remembers the first root-cause failure line, the one worth showing when a generic one follows. */
    synchronized void noteRootCause(String line) {
        if (firstRootCause == null) {
            firstRootCause = line;
        }
    }

    synchronized String firstRootCause() {
        return firstRootCause;
    }

    synchronized Instant deadline() {
        return deadline;
    }

    synchronized void deadline(Instant deadline) {
        this.deadline = deadline;
    }
}
