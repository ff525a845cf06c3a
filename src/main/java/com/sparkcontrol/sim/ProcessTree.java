package com.sparkcontrol.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/** Kills a process and everything it started, as a dropped SSH session does to a command on a real Spark. */
final class ProcessTree {

    private ProcessTree() {
    }

    /**
     * Kills {@code root} and all its descendants with SIGKILL, parents first. Each process's descendants are
     * listed just before it dies: an orphan is reparented to init and would no longer show up under the root.
     */
    static void destroy(ProcessHandle root) {
        Deque<ProcessHandle> queue = new ArrayDeque<>();
        queue.add(root);
        Set<Long> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            ProcessHandle handle = queue.poll();
            if (!seen.add(handle.pid())) {
                continue;
            }
            handle.descendants().forEach(queue::add);
            handle.destroyForcibly();
        }
    }
}
