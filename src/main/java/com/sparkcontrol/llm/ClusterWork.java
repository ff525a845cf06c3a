package com.sparkcontrol.llm;

import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * One change to the vLLM cluster at a time: a swap and a cluster update both stop or rebuild what runs on the
 * Sparks, so whichever starts first holds the cluster until it ends. Downloads do not take it.
 */
@Component
class ClusterWork {

    private String holder;

    /** Takes the cluster for {@code what}; empty on success, else who holds it. */
    synchronized Optional<String> claim(String what) {
        if (holder != null) {
            return Optional.of(holder);
        }
        holder = what;
        return Optional.empty();
    }

    synchronized void release(String what) {
        if (what.equals(holder)) {
            holder = null;
        }
    }
}
