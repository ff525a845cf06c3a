package com.sparkcontrol.sim;

import java.util.Optional;

/**
 * The simulated vLLM server on the head Spark. The simulated {@code launch-cluster.sh} drives it: while a
 * launch prints its load log the port refuses connections (as real vLLM does), and only when the log reaches
 * {@code INFO:     Application startup complete.} does it call {@link #beginServing}.
 */
public interface SimVllm extends SimBackend {

    /**
     * Starts serving: {@code /health} answers 200, {@code /v1/models} lists {@code servedName} (or the repo
     * when null) with {@code max_model_len}.
     */
    void beginServing(String modelRepo, String servedName, int maxModelLen);

    /** vLLM died or the container stopped: the port refuses connections again. */
    void endServing();

    /** The served model id as {@code /v1/models} names it, when serving. */
    Optional<String> servedModel();
}
