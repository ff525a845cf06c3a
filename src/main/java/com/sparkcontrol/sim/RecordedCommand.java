package com.sparkcontrol.sim;

import java.time.Instant;
import java.util.List;

/**
 * One call of a simulated program (docker, launch-cluster.sh, …) through its shim. Holds the size of stdin,
 * never its content, so a test can prove a secret went over stdin without the simulator keeping it.
 */
public record RecordedCommand(Instant at, String node, String program, List<String> argv, int stdinBytes) {

    public RecordedCommand {
        argv = List.copyOf(argv);
    }

    /** Program and arguments joined with spaces, for assertions and messages (not shell-quoted). */
    public String line() {
        return argv.isEmpty() ? program : program + " " + String.join(" ", argv);
    }
}
