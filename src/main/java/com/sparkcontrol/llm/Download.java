package com.sparkcontrol.llm;

import com.sparkcontrol.ssh.RunningCommand;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/** One download's record: the repo, its targets, progress and the last log lines. Changed only through {@link Downloads}. */
final class Download {

    private static final int LOG_LINES = 200;

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String repo;
    private final boolean copyToWorkers;
    private final List<String> targets;
    private final Long expectedBytes;
    private final Instant startedAt = Instant.now();
    private final DownloadProgress progress;
    private final Deque<String> log = new ArrayDeque<>();

    private volatile DownloadState state = DownloadState.RUNNING;
    private volatile boolean cancelRequested;
    private volatile RunningCommand command;
    private volatile long lastProgressEventNanos;
    private String phase = "checking disk space";
    private String error;
    private Instant endedAt;

    Download(String repo, boolean copyToWorkers, List<String> targets, Long expectedBytes) {
        this.repo = repo;
        this.copyToWorkers = copyToWorkers;
        this.targets = List.copyOf(targets);
        this.expectedBytes = expectedBytes;
        this.progress = new DownloadProgress(expectedBytes);
    }

    String id() {
        return id;
    }

    String repo() {
        return repo;
    }

    boolean copyToWorkers() {
        return copyToWorkers;
    }

    List<String> targets() {
        return targets;
    }

    Long expectedBytes() {
        return expectedBytes;
    }

    Instant startedAt() {
        return startedAt;
    }

    DownloadProgress progress() {
        return progress;
    }

    DownloadState state() {
        return state;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    void requestCancel() {
        cancelRequested = true;
        RunningCommand running = command;
        if (running != null) {
            running.cancel();
        }
    }

    void command(RunningCommand command) {
        this.command = command;
        if (cancelRequested) {
            command.cancel();
        }
    }

    long lastProgressEventNanos() {
        return lastProgressEventNanos;
    }

    void lastProgressEventNanos(long nanos) {
        lastProgressEventNanos = nanos;
    }

    synchronized void phase(String phase) {
        this.phase = phase;
    }

    /** The script's own phase once it printed one, else ours (checking space, starting). */
    synchronized String phase() {
        String parsed = progress.snapshot().phase();
        return "starting".equals(parsed) ? phase : parsed;
    }

    synchronized void appendLog(String line) {
        log.addLast(line);
        if (log.size() > LOG_LINES) {
            log.removeFirst();
        }
    }

    synchronized List<String> log() {
        return new ArrayList<>(log);
    }

    synchronized void end(DownloadState finalState, String error) {
        this.state = finalState;
        this.error = error;
        this.endedAt = Instant.now();
    }

    synchronized String error() {
        return error;
    }

    synchronized Instant endedAt() {
        return endedAt;
    }
}
