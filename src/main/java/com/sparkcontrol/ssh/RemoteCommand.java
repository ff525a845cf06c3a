package com.sparkcontrol.ssh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A command line for a Spark's shell, built only from quoted arguments (or a constant script written in
 * this code base). There is deliberately no way to splice request text into it unquoted.
 */
public final class RemoteCommand {

    private final String line;

    private RemoteCommand(String line) {
        this.line = line;
    }

    /** {@code program arg1 arg2 …}, every word quoted. */
    public static RemoteCommand of(String program, String... arguments) {
        return of(program, Arrays.asList(arguments));
    }

    public static RemoteCommand of(String program, List<String> arguments) {
        List<String> words = new ArrayList<>();
        words.add(program);
        words.addAll(arguments);
        return new RemoteCommand(ShellQuote.join(words));
    }

    /**
     * A fixed script from this code base (for example the health poll's gatherer). Never build one from
     * request data: use {@link #of} for anything that varies.
     */
    public static RemoteCommand trustedScript(String script) {
        return new RemoteCommand(script);
    }

    /** {@code cd <dir> && <this>}; a leading {@code ~/} in the directory is expanded by the remote shell. */
    public RemoteCommand inDirectory(String directory) {
        return new RemoteCommand("cd " + ShellQuote.quotePath(directory) + " && " + line);
    }

    /** {@code <this> && <next>}. */
    public RemoteCommand then(RemoteCommand next) {
        return new RemoteCommand(line + " && " + next.line);
    }

    /** Runs {@code next} whatever this one's exit code: {@code <this>; <next>}. */
    public RemoteCommand andAlways(RemoteCommand next) {
        return new RemoteCommand(line + "; " + next.line);
    }

    /** Closes stdin so no script can wait on a question ({@code < /dev/null}). */
    public RemoteCommand withoutStdin() {
        return new RemoteCommand(line + " < /dev/null");
    }

    /** Both streams into stdout, for commands whose progress goes to stderr. */
    public RemoteCommand mergingStderr() {
        return new RemoteCommand(line + " 2>&1");
    }

    public String line() {
        return line;
    }

    @Override
    public String toString() {
        return line;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteCommand other && other.line.equals(line);
    }

    @Override
    public int hashCode() {
        return line.hashCode();
    }
}
