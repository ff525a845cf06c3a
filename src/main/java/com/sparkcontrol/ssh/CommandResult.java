package com.sparkcontrol.ssh;

/** What a finished command left behind on a Spark. */
public record CommandResult(int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The last non-blank line of stderr, else stdout: usually the error a script printed. */
    public String lastErrorLine() {
        String line = lastLine(stderr);
        return line.isEmpty() ? lastLine(stdout) : line;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
}
