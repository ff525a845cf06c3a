package com.sparkcontrol.llm;

import com.sparkcontrol.events.EventBus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The owner of downloads in progress and recently finished: it refuses a second download of the same repo, takes
 * cancels, and publishes {@code download-progress} (at most one per interval, plus every phase change and the end)
 * and {@code download-log} events.
 */
@Component
class Downloads {

    private static final Logger log = LoggerFactory.getLogger(Downloads.class);
    private static final int KEEP_FINISHED = 20;
    /** They share the head's network link (and a worker thread each); more would only slow each other down. */
    static final int MAX_RUNNING = 4;

    private final EventBus events;
    private final LlmProperties properties;
    private final Map<String, Download> byId = new LinkedHashMap<>();

    Downloads(EventBus events, LlmProperties properties) {
        this.events = events;
        this.properties = properties;
    }

    synchronized Download begin(String repo, boolean copyToWorkers, List<String> targets, Long expectedBytes) {
        if (byId.values().stream().filter(d -> !d.state().isFinal()).count() >= MAX_RUNNING) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, MAX_RUNNING + " downloads are running; wait for one to end");
        }
        for (Download d : byId.values()) {
            if (d.repo().equals(repo) && !d.state().isFinal()) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, repo + " is already being downloaded (download " + d.id() + ")");
            }
        }
        Download download = new Download(repo, copyToWorkers, targets, expectedBytes);
        byId.put(download.id(), download);
        forgetOldest();
        log.info("llm-download {}: {} to {}", download.id(), repo, targets);
        progress(download, true);
        return download;
    }

    synchronized Optional<Download> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    synchronized List<Download> all() {
        List<Download> list = new ArrayList<>(byId.values());
        java.util.Collections.reverse(list);
        return list;
    }

    /** Asks a running download to stop: the remote process is ended, then the route reports CANCELLED. */
    Download cancel(String id) {
        Download download = find(id).orElseThrow(() -> new NoSuchElementException("no download " + id));
        if (download.state().isFinal()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "download " + id + " already ended (" + download.state() + ")");
        }
        log(download, "cancel requested");
        download.requestCancel();
        return download;
    }

    void log(Download download, String line) {
        download.appendLog(line);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("downloadId", download.id());
        data.put("repo", download.repo());
        data.put("line", line);
        events.publish(EventBus.Types.DOWNLOAD_LOG, data);
    }

    /** Publishes progress now when {@code force}, else at most once per {@code download-progress-interval}. */
    void progress(Download download, boolean force) {
        long now = System.nanoTime();
        if (!force && now - download.lastProgressEventNanos() < properties.downloadProgressInterval().toNanos()) {
            return;
        }
        download.lastProgressEventNanos(now);
        events.publish(EventBus.Types.DOWNLOAD_PROGRESS, view(download, false));
    }

    void end(Download download, DownloadState state, String error) {
        if (download.state().isFinal()) {
            return;
        }
        download.end(state, error);
        log.info("llm-download {}: {} {}{}", download.id(), download.repo(), state, error == null ? "" : ": " + error);
        log(download, state + (error == null ? "" : ": " + error));
        progress(download, true);
    }

    Map<String, Object> view(Download download, boolean withLog) {
        DownloadProgress.Snapshot progress = download.progress().snapshot();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("downloadId", download.id());
        view.put("repo", download.repo());
        view.put("state", download.state().name());
        view.put("phase", download.state() == DownloadState.RUNNING ? download.phase() : download.state().name().toLowerCase());
        view.put("percent", download.state() == DownloadState.SUCCEEDED ? Double.valueOf(100.0) : progress.percent());
        view.put("bytes", progress.bytes());
        view.put("totalBytes", progress.totalBytes());
        view.put("bytesPerSecond", progress.bytesPerSecond());
        view.put("etaSeconds", download.state() == DownloadState.RUNNING ? progress.etaSeconds() : null);
        view.put("targets", download.targets());
        view.put("copyToWorkers", download.copyToWorkers());
        view.put("startedAt", download.startedAt().toString());
        view.put("endedAt", download.endedAt() == null ? null : download.endedAt().toString());
        view.put("error", download.error());
        if (withLog) {
            view.put("log", download.log());
        }
        return view;
    }

    private void forgetOldest() {
        long finished = byId.values().stream().filter(d -> d.state().isFinal()).count();
        for (Iterator<Download> it = byId.values().iterator(); it.hasNext() && finished > KEEP_FINISHED; ) {
            if (it.next().state().isFinal()) {
                it.remove();
                finished--;
            }
        }
    }
}
