package com.sparkcontrol.llm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns vLLM's start-up milestones (reference §5) into a phase name and a percentage that only grows: weights
 * take most of the bar, then compilation, the KV cache, CUDA-graph capture and the API server.
 */
final class LoadProgress {

    /** Where a swap stands: a short phase name for the card and 0–100. */
    record Snapshot(String phase, int percent) {}

    static final int LAUNCHED = 8;
    private static final Pattern WEIGHTS = Pattern.compile(
            "(?i)loading (?:safetensors|weights|checkpoint shards|pt checkpoint shards).*?(\\d{1,3})%");
    private static final Pattern GRAPHS = Pattern.compile("(?i)capturing cuda graphs?.*?(\\d{1,3})%");
    private static final Pattern ANY_PERCENT = Pattern.compile("(\\d{1,3})%");

    private String phase = "starting";
    private int percent;

    synchronized Snapshot snapshot() {
        return new Snapshot(phase, percent);
    }

    synchronized void set(String phase, int percent) {
        this.phase = phase;
        this.percent = Math.max(this.percent, Math.min(100, percent));
    }

    /** Reads one vLLM log line; returns true when the phase or percentage moved. */
    synchronized boolean accept(String line) {
        Snapshot before = snapshot();
        Matcher m;
        if ((m = WEIGHTS.matcher(line)).find()) {
            advance("loading weights", 12 + scaled(m.group(1), 48));
        } else if (line.contains("Loading weights took") || line.contains("Model loading took")) {
            advance("weights loaded", 60);
        } else if (line.contains("torch.compile takes") || line.contains("torch.compile took") || line.contains("Compiling a graph")) {
            advance("compiling", 66);
        } else if (line.contains("Available KV cache memory") || line.contains("GPU KV cache size")
                || line.contains("Maximum concurrency for")) {
            advance("allocating KV cache", 74);
        } else if ((m = GRAPHS.matcher(line)).find()) {
            advance("capturing CUDA graphs", 76 + scaled(m.group(1), 16));
        } else if (line.contains("Graph capturing finished") || line.contains("init engine (profile, create kv cache")) {
            advance("warming up", 93);
        } else if (line.contains("Starting vLLM API server") || line.contains("Starting vLLM server on")
                || line.contains("Available routes are")) {
            advance("starting API server", 95);
        } else if (line.contains("Waiting for application startup")) {
            advance("starting API server", 96);
        } else if (line.contains(VllmLines.READY_MARKER)) {
            advance("checking /v1/models", 98);
        } else if (line.contains("Initializing a V1 LLM engine") || line.contains("vLLM API server version")
                || line.contains("non-default args")) {
            advance("starting engine", 10);
        } else if (percent < 12 && line.contains("Loading") && ANY_PERCENT.matcher(line).find()) {
            advance("loading weights", 12);
        }
        return !before.equals(snapshot());
    }

    private void advance(String next, int to) {
        if (to >= percent) {
            phase = next;
            percent = Math.min(100, to);
        }
    }

    private static int scaled(String percentText, int span) {
        int p = Math.min(100, Integer.parseInt(percentText));
        return p * span / 100;
    }
}
