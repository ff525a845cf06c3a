package com.sparkcontrol.events;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The one typed event stream to browsers ({@code /api/events}): routes publish {@code {type, data}} events,
 * which are numbered, kept in a bounded replay buffer (for {@code Last-Event-ID} reconnects) and handed to
 * subscribers. Publishing never blocks a route.
 */
@Component
public class EventBus {

    /** One event. {@code id} grows across restarts too (it starts from the clock), so reconnecting clients never go backwards. */
    public record Event(long id, String type, Object data, Instant at) {}

    /** Event types the dashboard understands. Routes may add more; the browser ignores unknown ones. */
    public static final class Types {
        public static final String STATUS = "status";
        public static final String HEALTH = "health";
        public static final String SWAP_PROGRESS = "swap-progress";
        public static final String SWAP_LOG = "swap-log";
        public static final String DOWNLOAD_PROGRESS = "download-progress";
        public static final String DOWNLOAD_LOG = "download-log";
        public static final String SERVICE_STATE = "service-state";
        public static final String SERVICE_LOG = "service-log";
        public static final String HEALTH_EVENT = "health-event";
        public static final String UPDATE_LOG = "update-log";
        /** Sent (without an id) to a reconnecting client whose missed events are no longer all buffered: reload {@code /api/status}. */
        public static final String RESYNC = "resync";

        private Types() {}
    }

    static final int REPLAY_CAPACITY = 2000;

    private final AtomicLong nextId = new AtomicLong(System.currentTimeMillis() * 1000);
    private final Deque<Event> replay = new ArrayDeque<>();
    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();

    public Event publish(String type, Object data) {
        // subscribers are called under the same lock that numbers the event, so every subscriber sees ids in
        // order even when routes publish from many threads (a stream skips ids below the last one it sent)
        synchronized (replay) {
            Event event = new Event(nextId.incrementAndGet(), type, data == null ? java.util.Map.of() : data, Instant.now());
            replay.addLast(event);
            if (replay.size() > REPLAY_CAPACITY) {
                replay.removeFirst();
            }
            for (Consumer<Event> subscriber : subscribers) {
                subscriber.accept(event);
            }
            return event;
        }
    }

    /** Events still buffered with an id greater than {@code lastId}, oldest first. */
    public List<Event> since(long lastId) {
        synchronized (replay) {
            List<Event> missed = new ArrayList<>();
            for (Event e : replay) {
                if (e.id() > lastId) {
                    missed.add(e);
                }
            }
            return missed;
        }
    }

    /** The id of the newest event published so far (ids grow by one per event). */
    public long lastId() {
        return nextId.get();
    }

    /**
     * Receives every event from now on. The consumer must not block (queue and drop instead); returns the
     * handle to unsubscribe with.
     */
    public Runnable subscribe(Consumer<Event> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public int subscriberCount() {
        return subscribers.size();
    }
}
