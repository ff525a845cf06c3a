package com.sparkcontrol.sim;

import java.time.Instant;

/** One SSH exec request a simulated Spark received: the command line as sent, and how much stdin came with it. */
public record RecordedExec(Instant at, String node, String commandLine, int stdinBytes) {
}
