package com.sparkcontrol.sim;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test double for a fake HTTP backend: records up/down, no socket. */
final class RecordingBackend implements SimBackend {

    final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile boolean up;

    @Override
    public void up() {
        calls.add("up");
        up = true;
    }

    @Override
    public void down() {
        calls.add("down");
        up = false;
    }

    @Override
    public boolean isUp() {
        return up;
    }

    @Override
    public int port() {
        return 18880;
    }
}
