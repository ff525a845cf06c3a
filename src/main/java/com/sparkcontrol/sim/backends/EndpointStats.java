package com.sparkcontrol.sim.backends;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Request count, in-flight count and concurrency high-water mark of one endpoint (or a group of them). */
final class EndpointStats {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger highWater = new AtomicInteger();

    void enter() {
        requests.incrementAndGet();
        int now = inFlight.incrementAndGet();
        highWater.accumulateAndGet(now, Math::max);
    }

    void exit() {
        inFlight.decrementAndGet();
    }

    /** Requests still running stay counted in flight, so the gauge never goes negative after a reset. */
    void reset() {
        requests.set(0);
        highWater.set(inFlight.get());
    }

    long requests() {
        return requests.get();
    }

    int inFlight() {
        return inFlight.get();
    }

    int highWater() {
        return highWater.get();
    }
}
