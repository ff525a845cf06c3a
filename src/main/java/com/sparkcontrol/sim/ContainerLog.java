package com.sparkcontrol.sim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code docker logs} reads for one container: timestamped lines (strictly increasing, nanosecond
 * resolution, like the json-file driver) that followers can wait on.
 */
final class ContainerLog {

    /** Docker's RFC3339Nano with a fixed nine-digit fraction, as {@code docker logs -t} prints it. */
    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    record Entry(Instant time, boolean stderr, String text) {
        String timestamp() {
            return TIMESTAMP.format(time);
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private Instant last = Instant.EPOCH;

    synchronized void append(String text) {
        append(false, text);
    }

    synchronized void append(boolean stderr, String text) {
        Instant now = Instant.now();
        if (!now.isAfter(last)) {
            now = last.plusNanos(1);
        }
        last = now;
        entries.add(new Entry(now, stderr, text));
        notifyAll();
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized List<Entry> from(int index) {
        return List.copyOf(entries.subList(Math.min(index, entries.size()), entries.size()));
    }

    synchronized List<String> lines() {
        List<String> lines = new ArrayList<>(entries.size());
        entries.forEach(entry -> lines.add(entry.text()));
        return lines;
    }

    /** Waits until there are more than {@code known} entries, {@link #wake()} is called, or the time is up. */
    synchronized void await(int known, long millis) throws InterruptedException {
        if (entries.size() <= known) {
            wait(millis);
        }
    }

    /** Wakes followers so they notice a state change (the container stopped or was removed). */
    synchronized void wake() {
        notifyAll();
    }
}
