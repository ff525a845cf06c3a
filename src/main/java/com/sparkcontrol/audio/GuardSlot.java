package com.sparkcontrol.audio;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request in flight to a GPU backend, the others waiting their turn in arrival order (a fair semaphore),
 * at most {@code queueLength} of them and each for at most {@code queueWait}. The Parakeet container races
 * its cuFFT plans when two requests overlap, so this single permit is the whole point.
 */
final class GuardSlot {

    enum Admission {
        ACQUIRED,
        QUEUE_FULL,
        WAITED_TOO_LONG
    }

    private static final double SMOOTHING = 0.3;

    private final Semaphore permit = new Semaphore(1, true);
    private final AtomicInteger waiting = new AtomicInteger();
    private final int queueLength;
    private final Duration queueWait;
    private volatile double meanHoldSeconds = 5;
    private volatile long heldSinceNanos;

    GuardSlot(int queueLength, Duration queueWait) {
        this.queueLength = queueLength;
        this.queueWait = queueWait;
    }

    Admission acquire() throws InterruptedException {
        // the timed form even for zero: the untimed tryAcquire() would barge ahead of those already waiting
        if (permit.tryAcquire(0, TimeUnit.NANOSECONDS)) {
            heldSinceNanos = System.nanoTime();
            return Admission.ACQUIRED;
        }
        if (waiting.incrementAndGet() > queueLength) {
            waiting.decrementAndGet();
            return Admission.QUEUE_FULL;
        }
        try {
            if (!permit.tryAcquire(queueWait.toNanos(), TimeUnit.NANOSECONDS)) {
                return Admission.WAITED_TOO_LONG;
            }
        } finally {
            waiting.decrementAndGet();
        }
        heldSinceNanos = System.nanoTime();
        return Admission.ACQUIRED;
    }

    void release() {
        double held = (System.nanoTime() - heldSinceNanos) / 1e9;
        meanHoldSeconds = SMOOTHING * held + (1 - SMOOTHING) * meanHoldSeconds;
        permit.release();
    }

    int waiting() {
        return waiting.get();
    }

    boolean busy() {
        return permit.availablePermits() == 0;
    }

    int queueLength() {
        return queueLength;
    }

    Duration queueWait() {
        return queueWait;
    }

    /** A fair guess at when a refused request would get in: the queue ahead of it times the typical call. */
    long suggestedRetrySeconds() {
        double estimate = meanHoldSeconds * (waiting.get() + 1);
        return Math.max(1, Math.min(120, (long) Math.ceil(estimate)));
    }
}
