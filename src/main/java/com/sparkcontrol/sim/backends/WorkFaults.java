package com.sparkcontrol.sim.backends;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The slow and hung faults every backend offers. A work request calls {@link #pause()} before it starts
 * working; while paused it counts as waiting (vLLM reports that as queued requests).
 */
final class WorkFaults {

    private volatile Duration delay = Duration.ZERO;
    private boolean hang; // guarded by this
    private final AtomicInteger waiting = new AtomicInteger();

    void setDelay(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or positive");
        }
        this.delay = delay;
    }

    synchronized void hang(boolean on) {
        hang = on;
        notifyAll();
    }

    synchronized boolean hanging() {
        return hang;
    }

    /** Sleeps for the configured delay, then blocks while hung; an interrupt means the server went down. */
    void pause() throws InterruptedException {
        waiting.incrementAndGet();
        try {
            long millis = delay.toMillis();
            if (millis > 0) {
                Thread.sleep(millis);
            }
            synchronized (this) {
                while (hang) {
                    wait();
                }
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    int waiting() {
        return waiting.get();
    }

    /** Clears both faults; requests held by a hang are released and carry on. */
    void reset() {
        delay = Duration.ZERO;
        hang(false);
    }
}
