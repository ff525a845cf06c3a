package com.sparkcontrol.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.sparkcontrol.events.EventBus.Event;
import com.sparkcontrol.support.SimulatedClusterTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code GET /api/events} over real HTTP: headers, live events, and reconnecting with {@code Last-Event-ID}. */
class EventStreamTests extends SimulatedClusterTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @Autowired
    EventBus bus;

    @Test
    void streamsTypedEventsWithIdsAndNoProxyBuffering() throws Exception {
        try (SseClient client = SseClient.connect(baseUrl() + "/api/events", null)) {
            assertThat(client.response.statusCode()).isEqualTo(200);
            assertThat(client.response.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
            assertThat(client.response.headers().firstValue("X-Accel-Buffering")).contains("no");
            Event sent = bus.publish("test-event", Map.of("n", 1));

            SseClient.Received got = client.next(e -> "test-event".equals(e.name()), WAIT);

            assertThat(got).isNotNull();
            assertThat(got.id()).isEqualTo(Long.toString(sent.id()));
            assertThat(got.data().path("type").asText()).isEqualTo("test-event");
            assertThat(got.data().path("data").path("n").asInt()).isEqualTo(1);
        }
    }

    @Test
    void healthTicksReachTheBrowser() throws Exception {
        try (SseClient client = SseClient.connect(baseUrl() + "/api/events", null)) {
            SseClient.Received tick = client.next(e -> EventBus.Types.HEALTH.equals(e.name()), Duration.ofSeconds(30));

            assertThat(tick).isNotNull();
            assertThat(tick.data().path("data").path("sparks").has("spark1")).isTrue();
        }
    }

    @Test
    void aClientReconnectingWithLastEventIdMissesNothingStillBuffered() throws Exception {
        String lastSeen;
        try (SseClient client = SseClient.connect(baseUrl() + "/api/events", null)) {
            bus.publish("test-before", Map.of("n", 0));
            lastSeen = client.next(e -> "test-before".equals(e.name()), WAIT).id();
        }
        List<Long> missed = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            missed.add(bus.publish("test-missed", Map.of("n", i)).id());
        }

        try (SseClient client = SseClient.connect(baseUrl() + "/api/events", lastSeen)) {
            Event live = bus.publish("test-live", Map.of("n", 51));
            List<SseClient.Received> received = client.until(e -> "test-live".equals(e.name()), WAIT);

            List<Long> replayed = received.stream().filter(e -> "test-missed".equals(e.name())).map(e -> Long.parseLong(e.id())).toList();
            assertThat(replayed).containsExactlyElementsOf(missed);
            List<Long> ids = received.stream().filter(e -> e.id() != null).map(e -> Long.parseLong(e.id())).toList();
            assertThat(ids).as("in order, no duplicates, nothing at or before Last-Event-ID").isSorted().doesNotHaveDuplicates()
                    .allMatch(id -> id > Long.parseLong(lastSeen));
            assertThat(received).last().extracting(SseClient.Received::id).isEqualTo(Long.toString(live.id()));
            assertThat(received).noneMatch(e -> EventBus.Types.RESYNC.equals(e.name()));
        }
    }

    @Test
    void aClientWhoseMissedEventsAreGoneIsToldToResync() throws Exception {
        long gone = bus.publish("test-old", null).id();
        for (int i = 0; i < EventBus.REPLAY_CAPACITY; i++) {
            bus.publish("test-flood", null);
        }

        try (SseClient client = SseClient.connect(baseUrl() + "/api/events", Long.toString(gone - 1))) {
            SseClient.Received first = client.next(e -> true, WAIT);

            assertThat(first.name()).isEqualTo(EventBus.Types.RESYNC);
            assertThat(first.id()).isNull();
        }
    }

    @Test
    void aGarbageLastEventIdIsTreatedAsAFreshConnection() throws Exception {
        try (SseClient client = SseClient.connect(baseUrl() + "/api/events", "'; DROP TABLE events; --")) {
            assertThat(client.response.statusCode()).isEqualTo(200);
            Event sent = bus.publish("test-fresh", null);

            assertThat(client.next(e -> "test-fresh".equals(e.name()), WAIT).id()).isEqualTo(Long.toString(sent.id()));
        }
    }
}
