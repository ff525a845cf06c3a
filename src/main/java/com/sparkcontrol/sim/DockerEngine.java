package com.sparkcontrol.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Docker daemon of one simulated Spark: its containers and local images, the registries it logged in to,
 * and the {@link SimBackend}s that answer HTTP exactly while the container of the same name runs.
 */
final class DockerEngine {

    private final SimulatedSpark node;
    private final Map<String, SimContainer> containers = new LinkedHashMap<>();
    private final Map<String, String> images = new LinkedHashMap<>();
    private final Map<String, Instant> imageCreated = new LinkedHashMap<>();
    private final Map<String, SimBackend> backends = new ConcurrentHashMap<>();
    private final Map<String, SimVllm> vllms = new ConcurrentHashMap<>();
    private final List<DockerLogin> logins = new CopyOnWriteArrayList<>();
    private final Set<String> loggedIn = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pids = new AtomicInteger(3100);

    DockerEngine(SimulatedSpark node) {
        this.node = node;
    }

    /** A backend that is up exactly while the container named {@code containerName} runs. */
    void registerBackend(String containerName, SimBackend backend) {
        if (backend instanceof SimVllm vllm) {
            vllms.put(containerName, vllm);
        } else {
            backends.put(containerName, backend);
        }
    }

    Optional<SimVllm> vllmFor(String containerName) {
        return Optional.ofNullable(vllms.get(containerName));
    }

    int nextPid() {
        return pids.addAndGet(1 + ThreadLocalRandom.current().nextInt(40));
    }

    synchronized List<SimContainer> containers() {
        return List.copyOf(containers.values());
    }

    /** By name (with or without docker's leading slash), full ID, or unique ID prefix. */
    synchronized Optional<SimContainer> find(String ref) {
        String name = ref.startsWith("/") ? ref.substring(1) : ref;
        SimContainer byName = containers.get(name);
        if (byName != null) {
            return Optional.of(byName);
        }
        List<SimContainer> byId = containers.values().stream().filter(c -> c.id().startsWith(ref)).toList();
        return byId.size() == 1 && !ref.isEmpty() ? Optional.of(byId.get(0)) : Optional.empty();
    }

    /** Creates a container; the caller has checked the name is free and the image is local. */
    synchronized SimContainer create(ContainerSpec spec) {
        if (containers.containsKey(spec.name())) {
            throw new IllegalStateException("container name in use: " + spec.name());
        }
        String imageId = imageId(spec.image()).orElseThrow();
        String id = ImageRegistry.sha256Hex(node.id() + "/" + spec.name() + "/" + System.nanoTime() + "/"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        SimContainer container = new SimContainer(id, spec, imageId, ImageRegistry.imageFiles(spec.image(), imageId));
        containers.put(spec.name(), container);
        return container;
    }

    synchronized void start(SimContainer container) {
        if (container.isRunning() || container.isRemoved()) {
            return;
        }
        container.markRunning(nextPid());
        SimBackend backend = backends.get(container.name());
        if (backend != null) {
            backend.up();
            container.log().append("INFO:     Started server process [1]");
            container.log().append("INFO:     Waiting for application startup.");
            container.log().append("INFO:     Application startup complete.");
            container.log().append("INFO:     Uvicorn running on http://0.0.0.0:" + backend.port()
                    + " (Press CTRL+C to quit)");
        }
    }

    /**
     * Stops a running container: its processes die, its backend goes down, and a {@code --rm} container is
     * removed (logs included). {@code sleep infinity} ignores SIGTERM, so those end killed (137).
     */
    synchronized void stop(SimContainer container) {
        if (!container.isRunning()) {
            return;
        }
        kill(container, ignoresTerm(container) ? 137 : 0);
    }

    /**
     * {@code docker stop} as the daemon does it: a container whose PID 1 ignores SIGTERM is killed only after
     * the grace period (the cluster's stop time, capped by {@code -t}); the wait holds no lock.
     */
    void stopGracefully(SimContainer container, java.time.Duration timeout) throws InterruptedException {
        if (container.isRunning() && ignoresTerm(container)) {
            java.time.Duration grace = node.cluster().stopTime();
            if (timeout != null && timeout.compareTo(grace) < 0) {
                grace = timeout;
            }
            Thread.sleep(grace.toMillis());
        }
        stop(container);
    }

    private static boolean ignoresTerm(SimContainer container) {
        return !container.command().isEmpty() && container.command().get(0).equals("sleep");
    }

    /** {@code docker restart}: stop and start again; even a {@code --rm} container survives a restart. */
    synchronized void restart(SimContainer container) {
        if (container.isRunning()) {
            halt(container, 0);
        }
        start(container);
    }

    synchronized void kill(SimContainer container, int exitCode) {
        if (!container.isRunning()) {
            return;
        }
        halt(container, exitCode);
        if (container.autoRemove()) {
            remove(container);
        }
    }

    /** The container's processes die and its backend goes down; it stays as an exited container. */
    private void halt(SimContainer container, int exitCode) {
        container.allProcesses().forEach(VllmProcess::kill);
        vllmFor(container.name()).ifPresent(vllm -> {
            vllm.endServing();
            vllm.down();
        });
        SimBackend backend = backends.get(container.name());
        if (backend != null) {
            backend.down();
        }
        container.markExited(exitCode);
    }

    /** Removes a container (stopping it first): its log and any {@code docker cp} files are gone with it. */
    synchronized void remove(SimContainer container) {
        if (container.isRunning()) {
            halt(container, 137);
        }
        if (containers.get(container.name()) == container) {
            containers.remove(container.name());
        }
        container.markRemoved();
    }

    synchronized List<VllmProcess> liveVllmProcesses() {
        List<VllmProcess> live = new ArrayList<>();
        for (SimContainer container : containers.values()) {
            if (container.isRunning()) {
                live.addAll(container.vllmProcesses());
            }
        }
        return live;
    }

    synchronized Optional<String> imageId(String ref) {
        return Optional.ofNullable(images.get(ImageRegistry.normalize(ref)));
    }

    synchronized void putImage(String ref, String id) {
        String key = ImageRegistry.normalize(ref);
        if (!id.equals(images.get(key))) {
            imageCreated.put(key, Instant.now());
        }
        images.put(key, id);
    }

    synchronized boolean removeImage(String ref) {
        imageCreated.remove(ImageRegistry.normalize(ref));
        return images.remove(ImageRegistry.normalize(ref)) != null;
    }

    synchronized Map<String, String> images() {
        return new LinkedHashMap<>(images);
    }

    synchronized Instant imageCreated(String ref) {
        return imageCreated.getOrDefault(ImageRegistry.normalize(ref), Instant.now());
    }

    void recordLogin(DockerLogin login) {
        logins.add(login);
        loggedIn.add(login.registry());
    }

    boolean isLoggedIn(String registry) {
        return loggedIn.contains(registry);
    }

    List<DockerLogin> logins() {
        return List.copyOf(logins);
    }

    /** Cluster shutdown: every backend this daemon toggles goes down. */
    void shutdown() {
        for (SimContainer container : containers()) {
            container.allProcesses().forEach(VllmProcess::kill);
        }
        backends.values().forEach(SimBackend::down);
        vllms.values().forEach(vllm -> {
            vllm.endServing();
            vllm.down();
        });
    }
}
