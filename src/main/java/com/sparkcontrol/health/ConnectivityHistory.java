package com.sparkcontrol.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sparkcontrol.config.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What went up and down, and when: state transitions of every Spark and backend plus the health events apps
 * reported, kept in {@code <data>/connectivity.json} across restarts (bounded: oldest dropped first; a corrupt
 * file is set aside). Uptime percentages are derived from the transitions: a state holds until the next one.
 */
@Component
public class ConnectivityHistory {

    /** One change of state. {@code state} is {@code up} or {@code down}; {@code kind} is {@code spark} or {@code backend}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Transition(Instant at, String subject, String kind, String state, String cause) {}

    /** A failure an app saw between polls ({@code POST /api/health-event}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(Instant at, String source, String service, String detail) {}

    /** The file's shape; {@code version} lets a later release migrate it. */
    record Stored(int version, List<Transition> transitions, List<Report> reports) {}

    static final String FILE = "connectivity.json";
    static final String UP = "up";
    static final String DOWN = "down";
    private static final int MAX_CAUSE = HealthEvent.MAX_DETAIL;
    private static final Logger log = LoggerFactory.getLogger(ConnectivityHistory.class);

    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final DataDirectory dataDirectory;
    private final int limit;
    private final int reportLimit;
    private final Clock clock;
    private final Deque<Transition> transitions = new ArrayDeque<>();
    private final Deque<Report> reports = new ArrayDeque<>();

    @Autowired
    public ConnectivityHistory(DataDirectory dataDirectory, HealthProperties properties) {
        this(dataDirectory, properties.connectivityLimit(), properties.eventLimit(), Clock.systemUTC());
    }

    ConnectivityHistory(DataDirectory dataDirectory, int limit, int reportLimit, Clock clock) {
        this.dataDirectory = dataDirectory;
        this.limit = limit;
        this.reportLimit = reportLimit;
        this.clock = clock;
        dataDirectory.read(FILE, this::parse).ifPresent(stored -> {
            stored.transitions().stream().filter(ConnectivityHistory::valid).forEach(transitions::addLast);
            stored.reports().stream().filter(r -> r != null && r.at() != null).forEach(reports::addLast);
            trim();
        });
    }

    private Stored parse(byte[] content) throws IOException {
        Stored stored = json.readValue(content, Stored.class);
        if (stored == null) {
            throw new IOException("empty document");
        }
        return new Stored(stored.version(), stored.transitions() == null ? List.of() : stored.transitions(),
                stored.reports() == null ? List.of() : stored.reports());
    }

    private static boolean valid(Transition t) {
        return t != null && t.at() != null && t.subject() != null && (UP.equals(t.state()) || DOWN.equals(t.state()));
    }

    /**
     * Notes what a poll saw. A change from the last known state (also the first sighting of a subject) is a
     * transition, saved at once and returned; the same state again returns empty and writes nothing.
     */
    public synchronized Optional<Transition> observe(String subject, String kind, boolean up, String cause) {
        String state = up ? UP : DOWN;
        Optional<Transition> last = last(subject);
        if (last.isPresent() && last.get().state().equals(state)) {
            return Optional.empty();
        }
        Transition t = new Transition(clock.instant(), subject, kind, state, shorten(cause));
        transitions.addLast(t);
        trim();
        save();
        return Optional.of(t);
    }

    public synchronized Report report(String source, String service, String detail) {
        Report r = new Report(clock.instant(), source, service, shorten(detail));
        reports.addLast(r);
        trim();
        save();
        return r;
    }

    /** The latest transition of a subject, if any is still kept. */
    public synchronized Optional<Transition> last(String subject) {
        for (var it = transitions.descendingIterator(); it.hasNext(); ) {
            Transition t = it.next();
            if (t.subject().equals(subject)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public synchronized List<Transition> transitions() {
        return List.copyOf(transitions);
    }

    public synchronized List<Report> reports() {
        return List.copyOf(reports);
    }

    /** The newest {@code n} reports, newest first. */
    public synchronized List<Report> recentReports(int n) {
        List<Report> recent = new ArrayList<>();
        for (var it = reports.descendingIterator(); it.hasNext() && recent.size() < n; ) {
            recent.add(it.next());
        }
        return recent;
    }

    /**
     * Share of the last {@code window} the subject was up, in percent (one decimal), counting only time with
     * a known state; null when nothing is known about that window.
     */
    public synchronized Double uptimePercent(String subject, Duration window) {
        Instant now = clock.instant();
        Instant from = now.minus(window);
        String state = null;
        Instant since = from;
        long up = 0;
        long known = 0;
        for (Transition t : transitions) {
            if (!t.subject().equals(subject)) {
                continue;
            }
            Instant at = t.at().isAfter(now) ? now : t.at();
            if (at.isAfter(from)) {
                if (state != null) {
                    long span = Duration.between(since, at).toMillis();
                    known += span;
                    up += UP.equals(state) ? span : 0;
                }
                since = at;
            }
            state = t.state();
        }
        if (state != null) {
            long span = Duration.between(since, now).toMillis();
            known += span;
            up += UP.equals(state) ? span : 0;
        }
        if (state == null || known <= 0) {
            return state == null ? null : (UP.equals(state) ? 100.0 : 0.0);
        }
        return Math.round(up * 1000.0 / known) / 10.0;
    }

    private void trim() {
        while (transitions.size() > limit) {
            transitions.removeFirst();
        }
        while (reports.size() > reportLimit) {
            reports.removeFirst();
        }
    }

    private void save() {
        try {
            byte[] content = json.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(new Stored(1, List.copyOf(transitions), List.copyOf(reports)));
            dataDirectory.writeAtomically(FILE, content);
        } catch (IOException | UncheckedIOException e) {
            // losing one save is better than stopping the poll; the next change writes everything again
            log.warn("Could not save {}: {}", FILE, e.getMessage());
        }
    }

    private static String shorten(String text) {
        if (text == null) {
            return null;
        }
        String oneLine = text.replaceAll("\\p{Cntrl}+", " ").strip();
        return oneLine.length() <= MAX_CAUSE ? oneLine : oneLine.substring(0, MAX_CAUSE - 1) + "…";
    }
}
