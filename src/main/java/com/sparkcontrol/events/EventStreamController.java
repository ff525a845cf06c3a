package com.sparkcontrol.events;

import com.sparkcontrol.events.EventBus.Event;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/events}: server-sent events for the dashboard. Each client gets its own bounded queue and
 * sender, so a slow browser drops its own events (with a warning) and never slows a route or another client.
 * A client that reconnects with {@code Last-Event-ID} first receives what it missed, while still buffered; when
 * some of it is gone (buffer overrun, or a restart of Spark Control) it gets a {@code resync} event first.
 */
@RestController
class EventStreamController implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EventStreamController.class);
    private static final int CLIENT_QUEUE = 1000;
    private static final long HEARTBEAT_SECONDS = 15;

    private final EventBus bus;
    private final ExecutorService senders = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sse-sender");
        t.setDaemon(true);
        return t;
    });

    EventStreamController(EventBus bus) {
        this.bus = bus;
    }

    @GetMapping(value = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@RequestHeader(value = "Last-Event-ID", required = false) String lastEventIdHeader,
            @RequestParam(value = "lastEventId", required = false) String lastEventIdParam,
            HttpServletResponse response) {
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("Cache-Control", "no-cache");
        SseEmitter emitter = new SseEmitter(0L);
        BlockingQueue<Event> queue = new ArrayBlockingQueue<>(CLIENT_QUEUE);
        long lastId = parse(lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParam);
        Runnable unsubscribe = bus.subscribe(event -> {
            if (!queue.offer(event)) {
                log.warn("Dropped {} event {} for a slow /api/events client", event.type(), event.id());
            }
        });
        List<Event> missed = lastId >= 0 ? bus.since(lastId) : List.of();
        // ids grow by one per event: a hole after the client's id means the buffer no longer holds all it missed
        long firstAvailable = missed.isEmpty() ? bus.lastId() + 1 : missed.get(0).id();
        boolean gap = lastId >= 0 && firstAvailable > lastId + 1;
        senders.submit(() -> pump(emitter, queue, missed, gap, unsubscribe));
        emitter.onCompletion(unsubscribe);
        emitter.onTimeout(unsubscribe);
        emitter.onError(e -> unsubscribe.run());
        return emitter;
    }

    private void pump(SseEmitter emitter, BlockingQueue<Event> queue, List<Event> missed, boolean gap, Runnable unsubscribe) {
        long lastSent = -1;
        try {
            emitter.send(SseEmitter.event().comment("connected").reconnectTime(3000));
            if (gap) {
                emitter.send(SseEmitter.event().name(EventBus.Types.RESYNC).data(Map.of("type", EventBus.Types.RESYNC,
                        "data", Map.of("reason", "some events since your Last-Event-ID are no longer buffered; reload /api/status")),
                        MediaType.APPLICATION_JSON));
            }
            for (Event e : missed) {
                send(emitter, e);
                lastSent = e.id();
            }
            while (!Thread.currentThread().isInterrupted()) {
                Event e = queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                if (e == null) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                } else if (e.id() > lastSent) {
                    send(emitter, e);
                    lastSent = e.id();
                }
            }
        } catch (IOException | IllegalStateException e) {
            // the browser went away; nothing to report
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            unsubscribe.run();
            try {
                emitter.complete();
            } catch (RuntimeException ignored) {
                // already completed by the container
            }
        }
    }

    private static void send(SseEmitter emitter, Event e) throws IOException {
        emitter.send(SseEmitter.event().id(Long.toString(e.id())).name(e.type())
                .data(Map.of("type", e.type(), "at", e.at().toString(), "data", e.data()), MediaType.APPLICATION_JSON));
    }

    private static long parse(String id) {
        try {
            return id == null || id.isBlank() ? -1 : Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void destroy() {
        senders.shutdownNow();
    }
}
