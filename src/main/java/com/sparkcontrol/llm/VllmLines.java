package com.sparkcontrol.llm;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * vLLM's (and the launcher's) lines that decide a swap (reference §5): the ready marker, and the failure lines on
 * which a load is given up at once instead of waiting for the timeout. A failure is either a root cause (out of
 * memory, a dead Ray worker, NCCL) or a generic wrapper ("Engine core initialization failed. See root cause above")
 * whose root cause, when printed earlier, is the line worth showing.
 */
final class VllmLines {

    static final String READY_MARKER = "Application startup complete.";

    /** A line that means the load has failed. */
    record Failure(String line, boolean rootCause, String kind) {}

    private record Rule(Pattern pattern, boolean rootCause, String kind) {}

    private static final List<Rule> RULES = List.of(
            root("torch\\.OutOfMemoryError|CUDA out of memory|CUDA error: out of memory|OutOfMemoryError", "out of memory"),
            root("Free memory on device .* is less than desired GPU memory utilization", "out of memory"),
            root("No available memory for the cache blocks", "out of memory"),
            root("To serve at least one request with the models's max seq len", "context too large"),
            root("CUDA error: unknown error", "CUDA error"),
            root("(?i)earlyoom.*(sending SIG|killing)|sending SIG(TERM|KILL) to process", "out of memory (earlyoom)"),
            root("RayWorkerProc rank=.* died unexpectedly|A worker died or was killed while executing a task|Worker exit type: SYSTEM_ERROR",
                    "Ray worker died"),
            root("NCCL error", "NCCL error"),
            root("Invalid repository ID or local directory specified", "weights missing"),
            root("FileNotFoundError: .*\\.safetensors", "weights incomplete"),
            root("Address already in use", "port in use"),
            root("Error: Patch script failed on|Error: Mod path .* does not exist", "mod failed"),
            root("Unable to find image '.*' locally", "image missing"),
            root("Error: Docker image mismatch", "image mismatch"),
            root("Error: Passwordless SSH to .* failed", "worker unreachable"),
            root("docker: Error response from daemon", "launch"),
            root("Timeout waiting for cluster to start", "cluster start timeout"),
            generic("EngineCore failed to start", "engine failed to start"),
            generic("Engine core initialization failed", "engine failed to start"),
            generic("EngineDeadError", "engine died"));

    private static Rule root(String regex, String kind) {
        return new Rule(Pattern.compile(regex), true, kind);
    }

    private static Rule generic(String regex, String kind) {
        return new Rule(Pattern.compile(regex), false, kind);
    }

    private VllmLines() {}

    static Optional<Failure> failure(String line) {
        for (Rule rule : RULES) {
            if (rule.pattern().matcher(line).find()) {
                return Optional.of(new Failure(line.strip(), rule.rootCause(), rule.kind()));
            }
        }
        return Optional.empty();
    }

    static boolean isReady(String line) {
        return line.contains(READY_MARKER);
    }
}
