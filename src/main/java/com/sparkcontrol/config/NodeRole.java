package com.sparkcontrol.config;

/** What a Spark does in the cluster: the head serves vLLM's API, workers join it, the audio node hosts audio and embeddings. */
public enum NodeRole {
    HEAD,
    WORKER,
    AUDIO
}
