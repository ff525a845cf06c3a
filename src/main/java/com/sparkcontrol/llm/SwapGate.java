package com.sparkcontrol.llm;

import java.time.Duration;
import java.util.Optional;

/**
 * What the gateway asks before forwarding an LLM call: can the loaded model take requests now? Implemented by
 * the owner of the active-model state (the swap flow), which alone decides; the gateway only reports or waits.
 */
public interface SwapGate {

    /** Why the LLM cannot take requests now: a swap is loading {@code model}, expected to finish in {@code eta}. */
    record Unavailable(String model, String state, Duration eta) {}

    /** Empty when requests may be forwarded now. */
    Optional<Unavailable> unavailable();

    /** Blocks until the running swap ends or {@code max} passes; true when the LLM is ready afterwards. */
    boolean awaitReady(Duration max) throws InterruptedException;
}
