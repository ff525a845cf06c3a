package com.sparkcontrol.llm;

/** Where a swap stands (API.md). The first three are in flight; the last three are final. */
public enum SwapState {
    /** Pre-flight checks, then {@code launch-cluster.sh stop}. */
    STOPPING,
    /** {@code launch-cluster.sh -d exec vllm serve …}: containers, mods, dispatch. */
    LAUNCHING,
    /** vLLM loads weights, compiles, captures graphs; ends with the ready marker and {@code /v1/models}. */
    LOADING,
    READY,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this == READY || this == FAILED || this == CANCELLED;
    }
}
