package com.sparkcontrol.sim;

import java.time.Instant;
import java.util.List;

/**
 * Keeps one exec's record current in the cluster's exec list while its stdin count grows, by swapping in a
 * new {@link RecordedExec} (records stay immutable; a cleared list simply no longer holds it).
 */
final class ExecEntry {

    private final List<RecordedExec> journal;
    private RecordedExec current;

    ExecEntry(List<RecordedExec> journal, String node, String commandLine) {
        this.journal = journal;
        this.current = new RecordedExec(Instant.now(), node, commandLine, 0);
        journal.add(current);
    }

    synchronized void addStdin(int bytes) {
        RecordedExec previous = current;
        current = new RecordedExec(previous.at(), previous.node(), previous.commandLine(),
                previous.stdinBytes() + bytes);
        journal.replaceAll(r -> r == previous ? current : r);
    }
}
