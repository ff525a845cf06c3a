package com.sparkcontrol.sim;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** Test double for the fake vLLM: records calls, and what the container log said when serving began. */
final class RecordingVllm implements SimVllm {

    /** One beginServing call and the log lines printed before it. */
    record Begin(String repo, String servedName, int maxModelLen, List<String> logAtBegin) {
    }

    final List<Begin> begins = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile Supplier<List<String>> log = List::of;
    private volatile String serving;
    private volatile boolean up;

    void watchLog(Supplier<List<String>> containerLog) {
        this.log = containerLog;
    }

    @Override
    public void beginServing(String modelRepo, String servedName, int maxModelLen) {
        calls.add("beginServing");
        begins.add(new Begin(modelRepo, servedName, maxModelLen, List.copyOf(log.get())));
        serving = servedName == null ? modelRepo : servedName;
        up = true;
    }

    @Override
    public void endServing() {
        calls.add("endServing");
        serving = null;
        up = false;
    }

    @Override
    public Optional<String> servedModel() {
        return Optional.ofNullable(serving);
    }

    @Override
    public void up() {
        calls.add("up");
    }

    @Override
    public void down() {
        calls.add("down");
        serving = null;
        up = false;
    }

    @Override
    public boolean isUp() {
        return up;
    }

    @Override
    public int port() {
        return 18000;
    }
}
