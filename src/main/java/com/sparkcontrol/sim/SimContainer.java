package com.sparkcontrol.sim;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A container on a simulated Spark: what {@code docker run} configured (environment by name only), its state,
 * its log, the files {@code docker cp} put into it (gone with the container), and the vLLM processes that
 * {@code docker exec} started in it. Read-only for tests; the simulated docker changes it.
 */
public final class SimContainer {

    /** The image's working directory in spark-vllm-docker builds; relative container paths start here. */
    static final String WORKDIR = "/workspace/vllm";

    private final String id;
    private final ContainerSpec spec;
    private final String imageId;
    private final Instant created = Instant.now();
    private final Map<String, String> imageFiles;
    private final Map<String, byte[]> overlay = new TreeMap<>();
    private final Set<String> overlayDirs = new TreeSet<>();
    private final ContainerLog log = new ContainerLog();
    private final List<VllmProcess> processes = new CopyOnWriteArrayList<>();
    private volatile String state = "created";
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile int exitCode;
    private volatile boolean removed;
    private volatile int pid;

    SimContainer(String id, ContainerSpec spec, String imageId, Map<String, String> imageFiles) {
        this.id = id;
        this.spec = spec;
        this.imageId = imageId;
        this.imageFiles = Map.copyOf(imageFiles);
    }

    public String id() {
        return id;
    }

    public String shortId() {
        return id.substring(0, 12);
    }

    public String name() {
        return spec.name();
    }

    public String image() {
        return spec.image();
    }

    public String imageId() {
        return imageId;
    }

    public List<String> command() {
        return spec.command();
    }

    /** Names of the environment variables it was started with; the values are never kept. */
    public List<String> envNames() {
        return spec.envNames();
    }

    public List<String> ports() {
        return spec.ports();
    }

    public List<String> volumes() {
        return spec.volumes();
    }

    public String restartPolicy() {
        return spec.restartPolicy();
    }

    public boolean autoRemove() {
        return spec.autoRemove();
    }

    public String network() {
        return spec.network();
    }

    /** Docker's state word: {@code created}, {@code running} or {@code exited}. */
    public String state() {
        return state;
    }

    public boolean isRunning() {
        return "running".equals(state);
    }

    public boolean isRemoved() {
        return removed;
    }

    public int exitCode() {
        return exitCode;
    }

    public Instant created() {
        return created;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    /** Paths that {@code docker cp} (or a launch) wrote into the container. */
    public synchronized Set<String> overlayPaths() {
        return Set.copyOf(overlay.keySet());
    }

    /** A file inside the container as text: copied-in files first, then the image's own. */
    public synchronized Optional<String> file(String path) {
        String key = normalize(path);
        byte[] bytes = overlay.get(key);
        if (bytes != null) {
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        }
        return Optional.ofNullable(imageFiles.get(key));
    }

    /** The container's log as {@code docker logs} would print it, without timestamps. */
    public List<String> logLines() {
        return log.lines();
    }

    /** Writes a line to the container's output, as its process would (for tests of log pollers). */
    public void appendLog(String line) {
        log.append(line);
    }

    /** vLLM processes started in this container that are still alive. */
    public List<VllmProcess> vllmProcesses() {
        return processes.stream().filter(VllmProcess::isAlive).toList();
    }

    ContainerSpec spec() {
        return spec;
    }

    ContainerLog log() {
        return log;
    }

    int pid() {
        return pid;
    }

    synchronized boolean hasFile(String path) {
        String key = normalize(path);
        return overlay.containsKey(key) || imageFiles.containsKey(key);
    }

    synchronized boolean hasDir(String path) {
        String key = normalize(path);
        if (key.equals("/") || overlayDirs.contains(key)) {
            return true;
        }
        String prefix = key + "/";
        return overlay.keySet().stream().anyMatch(p -> p.startsWith(prefix))
                || imageFiles.keySet().stream().anyMatch(p -> p.startsWith(prefix));
    }

    /** Direct children of a directory, names only, sorted. */
    synchronized List<String> list(String dir) {
        String prefix = normalize(dir).equals("/") ? "/" : normalize(dir) + "/";
        Set<String> names = new TreeSet<>();
        for (String path : allPaths()) {
            if (path.startsWith(prefix) && path.length() > prefix.length()) {
                String rest = path.substring(prefix.length());
                int slash = rest.indexOf('/');
                names.add(slash < 0 ? rest : rest.substring(0, slash));
            }
        }
        return List.copyOf(names);
    }

    synchronized void putFile(String path, byte[] content) {
        overlay.put(normalize(path), content.clone());
    }

    synchronized void makeDir(String path) {
        overlayDirs.add(normalize(path));
    }

    synchronized boolean deleteFile(String path) {
        return overlay.remove(normalize(path)) != null;
    }

    void addProcess(VllmProcess process) {
        processes.add(process);
    }

    List<VllmProcess> allProcesses() {
        return List.copyOf(processes);
    }

    void markRunning(int pid) {
        this.pid = pid;
        this.startedAt = Instant.now();
        this.state = "running";
        log.wake();
    }

    void markExited(int code) {
        this.exitCode = code;
        this.finishedAt = Instant.now();
        this.state = "exited";
        log.wake();
    }

    void markRemoved() {
        removed = true;
        synchronized (this) {
            overlay.clear();
            overlayDirs.clear();
        }
        log.wake();
    }

    private Set<String> allPaths() {
        Set<String> paths = new TreeSet<>(overlay.keySet());
        paths.addAll(overlayDirs);
        paths.addAll(imageFiles.keySet());
        return paths;
    }

    /** An absolute, normalized container path; relative paths start at the image's working directory. */
    static String normalize(String path) {
        String absolute = path.startsWith("/") ? path : WORKDIR + "/" + path;
        java.nio.file.Path normalized = java.nio.file.Path.of(absolute).normalize();
        String text = normalized.toString();
        return text.isEmpty() ? "/" : text;
    }
}
