package com.sparkcontrol.services;

import com.sparkcontrol.events.EventBus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Owns the lifecycle actions: decides whether one may start (one at a time per container, so the diarizer's
 * patches and a Parakeet reinstall never interleave), keeps each service's last action with its output, and
 * tells the dashboard ({@code service-state}, {@code service-log} events). Output lines have every secret
 * of the action masked before they are kept, logged or published.
 */
@Component
public class ServiceActions {

    private static final Logger log = LoggerFactory.getLogger(ServiceActions.class);
    static final String MASK = "********";

    /** The result of an action: running until it ends, then succeeded or failed. */
    public enum Result {
        RUNNING,
        SUCCEEDED,
        FAILED;

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    /** One line of an action's output. */
    public record LogLine(Instant at, String stream, String line) {}

    /** An action as the API shows it. */
    public record ActionView(String actionId, String service, String action, String result, Instant at, Instant finishedAt,
            String step, String detail, List<LogLine> log) {}

    /** A running (or finished) action; the routes carry it in the exchange. */
    static final class ActionRun {
        private final String id = UUID.randomUUID().toString();
        private final ServiceDefinition service;
        private final ServiceAction action;
        private final String lockKey;
        private final Instant startedAt = Instant.now();
        private final Deque<LogLine> lines = new ArrayDeque<>();
        private volatile Set<String> secrets = Set.of();
        private volatile Result result = Result.RUNNING;
        private volatile String step;
        private volatile String detail;
        private volatile Instant finishedAt;

        ActionRun(ServiceDefinition service, ServiceAction action, String lockKey) {
            this.service = service;
            this.action = action;
            this.lockKey = lockKey;
        }

        String id() {
            return id;
        }

        ServiceDefinition service() {
            return service;
        }

        ServiceAction action() {
            return action;
        }

        Result result() {
            return result;
        }

        String detail() {
            return detail;
        }

        /** The secret values this action sends (on stdin); masked in every output line. */
        void secrets(Set<String> values) {
            this.secrets = Set.copyOf(values);
        }

        String mask(String line) {
            String masked = line;
            for (String secret : secrets) {
                if (!secret.isEmpty()) {
                    masked = masked.replace(secret, MASK);
                }
            }
            return masked;
        }

        synchronized ActionView view(boolean withLog) {
            return new ActionView(id, service.name(), action.id(), result.toString(), startedAt, finishedAt, step, detail,
                    withLog ? List.copyOf(lines) : null);
        }
    }

    private final EventBus events;
    private final int maxLines;
    private final Map<String, ActionRun> running = new ConcurrentHashMap<>();
    private final Map<String, ActionRun> last = new ConcurrentHashMap<>();

    public ServiceActions(EventBus events, ServicesProperties properties) {
        this.events = events;
        this.maxLines = Math.max(10, properties.actionLogLines());
    }

    /**
     * Starts an action, or refuses with 409 when another action on the same container is running. The
     * lock is the container on its Spark: the diarizer lives in Parakeet's container, so they share it.
     */
    ActionRun begin(ServiceDefinition service, ServiceAction action) {
        String lockKey = service.node() + "/" + service.container();
        ActionRun run = new ActionRun(service, action, lockKey);
        ActionRun other = running.putIfAbsent(lockKey, run);
        if (other != null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, service.container() + " on " + service.node() + " is busy: "
                    + other.service().name() + " " + other.action().id() + " (action " + other.id() + ") is still running");
        }
        last.put(service.name(), run);
        log.info("services-action: {} {} started on {} (action {})", service.name(), action.id(), service.node(), run.id());
        publishState(run);
        return run;
    }

    void step(ActionRun run, String description) {
        run.step = description;
        line(run, "$ " + description, "info");
        publishState(run);
    }

    /** One output line of the running command, masked, kept (bounded) and published. */
    void line(ActionRun run, String text, String stream) {
        LogLine line = new LogLine(Instant.now(), stream, run.mask(text));
        synchronized (run) {
            run.lines.addLast(line);
            while (run.lines.size() > maxLines) {
                run.lines.removeFirst();
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("service", run.service().name());
        data.put("actionId", run.id());
        data.put("action", run.action().id());
        data.put("stream", stream);
        data.put("line", line.line());
        events.publish(EventBus.Types.SERVICE_LOG, data);
    }

    void succeeded(ActionRun run, String detail) {
        finish(run, Result.SUCCEEDED, detail);
    }

    void failed(ActionRun run, String detail) {
        finish(run, Result.FAILED, detail);
    }

    private void finish(ActionRun run, Result result, String detail) {
        run.detail = detail == null ? null : run.mask(detail);
        run.finishedAt = Instant.now();
        run.result = result;
        running.remove(run.lockKey, run);
        if (result == Result.SUCCEEDED) {
            log.info("services-action: {} {} succeeded (action {})", run.service().name(), run.action().id(), run.id());
        } else {
            log.warn("services-action: {} {} failed (action {}): {}", run.service().name(), run.action().id(), run.id(), run.detail);
        }
        line(run, (result == Result.SUCCEEDED ? "done" : "failed") + (run.detail == null ? "" : ": " + run.detail), "info");
        publishState(run);
    }

    /** The last action of a service (running or finished), if any since start-up. */
    public Optional<ActionView> last(String service, boolean withLog) {
        return Optional.ofNullable(last.get(service)).map(r -> r.view(withLog));
    }

    /** Actions running now. */
    public List<ActionView> running() {
        List<ActionView> views = new ArrayList<>();
        running.values().forEach(r -> views.add(r.view(false)));
        return views;
    }

    private void publishState(ActionRun run) {
        ActionView view = run.view(false);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("service", view.service());
        data.put("actionId", view.actionId());
        data.put("action", view.action());
        data.put("result", view.result());
        data.put("step", view.step());
        data.put("detail", view.detail());
        data.put("at", view.at());
        data.put("finishedAt", view.finishedAt());
        events.publish(EventBus.Types.SERVICE_STATE, data);
    }
}
