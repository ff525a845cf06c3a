package com.sparkcontrol.ssh;

/** Receives a streamed command's output line by line, then its end. Called from an SSH I/O thread: be quick. */
public interface OutputListener {

    /** One line (split on {@code \n} or {@code \r}, so progress bars redrawn in place arrive as lines). */
    void onLine(String line, boolean stderr);

    /**
     * The command ended: with its exit code, or {@code exitCode == null} when it was cancelled or the
     * connection dropped ({@code failure} then says which).
     */
    default void onEnd(Integer exitCode, SparkException failure) {}
}
