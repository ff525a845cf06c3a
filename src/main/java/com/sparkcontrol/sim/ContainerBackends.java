package com.sparkcontrol.sim;

import java.util.List;

/**
 * Several simulated servers living in one container (Parakeet and the diarization overlay share
 * {@code parakeet-asr} in production): they go up and down together with it.
 */
final class ContainerBackends implements SimBackend {

    private final List<SimBackend> members;

    ContainerBackends(SimBackend first, SimBackend... others) {
        this.members = java.util.stream.Stream.concat(java.util.stream.Stream.of(first), java.util.stream.Stream.of(others)).toList();
    }

    @Override
    public void up() {
        members.forEach(SimBackend::up);
    }

    @Override
    public void down() {
        members.forEach(SimBackend::down);
    }

    @Override
    public boolean isUp() {
        return members.get(0).isUp();
    }

    @Override
    public int port() {
        return members.get(0).port();
    }
}
