package com.sparkcontrol.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.sparkcontrol.events.EventBus.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventBusTests {

    final EventBus bus = new EventBus();

    /**
     * Routes publish from many threads at once (the health poll alone from one per Spark). A subscriber that
     * saw id 6 before id 5 would drop 5 (the stream skips ids it has passed) and a browser would miss it.
     */
    @Test
    void subscribersSeeEventsInIdOrderEvenWhenPublishedConcurrently() throws Exception {
        List<Long> seen = new ArrayList<>();
        bus.subscribe(e -> {
            synchronized (seen) {
                seen.add(e.id());
            }
        });
        int threads = 8;
        int each = 5000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    bus.publish("test", null);
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(seen).hasSize(threads * each).isSorted();
    }

    @Test
    void sinceReturnsOnlyNewerBufferedEventsOldestFirst() {
        Event first = bus.publish("a", null);
        Event second = bus.publish("b", null);
        Event third = bus.publish("c", null);

        assertThat(bus.since(first.id())).containsExactly(second, third);
        assertThat(bus.since(third.id())).isEmpty();
    }

    @Test
    void theReplayBufferIsBounded() {
        Event first = bus.publish("a", null);
        for (int i = 0; i < EventBus.REPLAY_CAPACITY + 10; i++) {
            bus.publish("b", null);
        }

        assertThat(bus.since(first.id() - 1)).hasSize(EventBus.REPLAY_CAPACITY).doesNotContain(first);
    }
}
