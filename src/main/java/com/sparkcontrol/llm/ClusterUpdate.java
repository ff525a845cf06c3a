package com.sparkcontrol.llm;

import com.sparkcontrol.events.EventBus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The owner of the cluster update ({@code git pull --ff-only}, {@code build-and-copy.sh -c}): one at a time and never
 * during a swap (both hold {@link ClusterWork}); streams {@code update-log} events ({@code state} on every event).
 */
@Component
class ClusterUpdate {

    private static final int LOG_LINES = 1000;

    /** One update's record. */
    static final class Run {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final Instant startedAt = Instant.now();
        final Deque<String> log = new ArrayDeque<>();
        volatile String state = "RUNNING";
        volatile String error;
        volatile Instant endedAt;
    }

    private final EventBus events;
    private final ClusterWork work;
    private final ImageVersion image;
    private Run last;

    ClusterUpdate(EventBus events, ClusterWork work, ImageVersion image) {
        this.events = events;
        this.work = work;
        this.image = image;
    }

    synchronized Run begin() {
        Run run = new Run();
        work.claim("cluster update " + run.id).ifPresent(holder -> {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "the cluster is busy: " + holder);
        });
        last = run;
        log(run, "git pull --ff-only && ./build-and-copy.sh -c");
        return run;
    }

    void log(Run run, String line) {
        synchronized (run.log) {
            run.log.addLast(line);
            if (run.log.size() > LOG_LINES) {
                run.log.removeFirst();
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("updateId", run.id);
        data.put("state", run.state);
        data.put("line", line);
        events.publish(EventBus.Types.UPDATE_LOG, data);
    }

    void end(Run run, boolean succeeded, String error) {
        if (!"RUNNING".equals(run.state)) {
            return;
        }
        run.state = succeeded ? "SUCCEEDED" : "FAILED";
        run.error = error;
        run.endedAt = Instant.now();
        work.release("cluster update " + run.id);
        log(run, succeeded ? "update finished; restart the model (switch to it again) to use the new image" : "update FAILED: " + error);
    }

    synchronized Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        if (last != null) {
            view.put("updateId", last.id);
            view.put("state", last.state);
            view.put("startedAt", last.startedAt.toString());
            view.put("endedAt", last.endedAt == null ? null : last.endedAt.toString());
            view.put("error", last.error);
            synchronized (last.log) {
                view.put("log", new ArrayList<>(last.log));
            }
        } else {
            view.put("updateId", null);
            view.put("state", null);
            view.put("log", List.of());
        }
        view.put("image", image.cached().orElse(null));
        return view;
    }
}
