package com.sparkcontrol.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A simulated DGX Spark cluster (by default {@code spark1}, the head, and {@code spark2}): one
 * {@link SimulatedSpark} per node, each with its own SSH server, sharing one loopback command server for the
 * shims, the registries the nodes pull from, and the records tests assert on. Used by the {@code demo} profile
 * and by every integration test.
 */
public final class SimulatedCluster implements AutoCloseable {

    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}");

    private final Map<String, SimulatedSpark> nodes = new LinkedHashMap<>();
    private final Path root;
    private final boolean deleteOnClose;
    private final List<RecordedCommand> commands = new CopyOnWriteArrayList<>();
    private final List<RecordedExec> execs = new CopyOnWriteArrayList<>();
    private final ExecutorService pumps = Executors.newCachedThreadPool(SimThreads.named("sim-ssh-pump"));
    private final ExecutorService background = Executors.newCachedThreadPool(SimThreads.named("sim-bg"));
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(SimThreads.named("sim-sched"));
    private final ImageRegistry registry = new ImageRegistry();
    private final UpstreamRepo upstream = new UpstreamRepo();
    private final Set<String> knownRepos;
    private final Set<String> gatedRepos;
    private final Map<String, Long> modelSizes;
    private final SimCommandServer commandServer;
    private volatile Duration loadTime;
    private volatile Duration downloadTime;
    private volatile Duration stopTime;
    private volatile boolean closed;

    private SimulatedCluster(Builder builder) throws IOException {
        this.deleteOnClose = builder.root == null;
        this.root = builder.root == null ? Files.createTempDirectory("sim-sparks-") : builder.root;
        this.loadTime = builder.loadTime;
        this.downloadTime = builder.downloadTime;
        this.stopTime = builder.stopTime;
        this.knownRepos = builder.knownRepos == null ? null : Set.copyOf(builder.knownRepos);
        this.gatedRepos = Set.copyOf(builder.gatedRepos);
        this.modelSizes = Map.copyOf(builder.modelSizes);
        this.commandServer = new SimCommandServer(this::findNode, commands::add);
        try {
            init(builder);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void init(Builder builder) {
        List<String> ids = builder.nodeIds.isEmpty() ? List.of("spark1", "spark2") : builder.nodeIds;
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            SimulatedSpark node = new SimulatedSpark(this, id, "192.168.177." + (11 + i), builder.user,
                    root.resolve(id), builder.ports.getOrDefault(id, 0), pumps);
            nodes.put(id, node);
        }
        List<String> ips = nodes.values().stream().map(SimulatedSpark::ip).toList();
        String vllmImage = "eugr/spark-vllm:latest";
        for (SimulatedSpark node : nodes.values()) {
            node.writeRepoFiles(ips, ips.stream().filter(ip -> !ip.equals(node.ip())).toList());
            node.seedImage(vllmImage);
            node.seedImage("vllm-node", registry.currentId(vllmImage));
        }
        if (builder.vllm != null) {
            head().docker().registerBackend("vllm_node", builder.vllm);
        }
        for (BackendRegistration registration : builder.backends) {
            node(registration.nodeId()).docker().registerBackend(registration.containerName(), registration.backend());
        }
        nodes.values().forEach(SimulatedSpark::startSsh);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- nodes ----

    public SimulatedSpark node(String id) {
        SimulatedSpark node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("no simulated Spark '" + id + "' (have " + nodes.keySet() + ")");
        }
        return node;
    }

    public List<SimulatedSpark> nodes() {
        return List.copyOf(nodes.values());
    }

    /** The head node: the first one, where launch-cluster.sh runs and vLLM serves. */
    public SimulatedSpark head() {
        return nodes.values().iterator().next();
    }

    public int sshPort(String id) {
        return node(id).sshPort();
    }

    /** The directory holding every node's files (a temp dir unless the builder was given one). */
    public Path rootDir() {
        return root;
    }

    // ---- keys ----

    /** Authorizes an OpenSSH public key line on every node (idempotent). */
    public void installKey(String opensshPublicKeyLine) {
        nodes.values().forEach(node -> node.installKey(opensshPublicKeyLine));
    }

    /** Removes every authorized key on every node. */
    public void revokeKeys() {
        nodes.values().forEach(SimulatedSpark::revokeKeys);
    }

    // ---- records ----

    /** Every shim call so far (docker, launch-cluster.sh, …), oldest first; a live list, so {@code clear()} works. */
    public List<RecordedCommand> commands() {
        return commands;
    }

    /** Every SSH exec so far, oldest first; a live list, so {@code clear()} works. */
    public List<RecordedExec> execs() {
        return execs;
    }

    /** Clears both records. */
    public void clearRecords() {
        commands.clear();
        execs.clear();
    }

    // ---- seeding and timing ----

    public void seedModel(String nodeId, String repo) {
        node(nodeId).seedModel(repo);
    }

    public SimContainer seedContainer(String nodeId, String name, String image, boolean running) {
        return node(nodeId).seedContainer(name, image, running);
    }

    /** How long a {@code vllm serve} takes from launch to "Application startup complete." (demo ~15 s, tests ~1 s). */
    public void setLoadTime(Duration time) {
        this.loadTime = time;
    }

    /** How long {@code hf-download.sh} takes to fetch a model (copies to other nodes take half of it). */
    public void setDownloadTime(Duration time) {
        this.downloadTime = time;
    }

    /**
     * How long {@code docker stop} (and launch-cluster.sh's stop) waits before killing a {@code sleep infinity}
     * container, which ignores SIGTERM; about 10 s per node on a real Spark, zero by default here.
     */
    public void setStopTime(Duration time) {
        this.stopTime = time;
    }

    /** Shortcut for {@code head().failNextLaunchWithOom()}. */
    public void failNextLaunchWithOom() {
        head().failNextLaunchWithOom();
    }

    /** A new build of {@code image} appears upstream: the next pull gets a new image ID. */
    public void publishImageUpdate(String image) {
        registry.publishUpdate(image);
    }

    /** A new commit lands upstream in spark-vllm-docker: the next {@code git pull --ff-only} fast-forwards. */
    public void publishUpstreamCommit(String subject) {
        upstream.publish(subject, List.of("launch-cluster.sh", "README.md"));
    }

    // ---- package-private plumbing ----

    Duration loadTime() {
        return loadTime;
    }

    Duration downloadTime() {
        return downloadTime;
    }

    Duration stopTime() {
        return stopTime;
    }

    int commandPort() {
        return commandServer.port();
    }

    int runningShimCalls() {
        return commandServer.runningCalls();
    }

    ExecEntry recordExec(String node, String commandLine) {
        return new ExecEntry(execs, node, commandLine);
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    ExecutorService background() {
        return background;
    }

    ImageRegistry registry() {
        return registry;
    }

    UpstreamRepo upstream() {
        return upstream;
    }

    SimulatedSpark findNode(String id) {
        return nodes.get(id);
    }

    /** The node a cluster address belongs to ({@code 127.0.0.1} and {@code localhost} are not resolved here). */
    Optional<SimulatedSpark> nodeByAddress(String address) {
        String host = address.contains("@") ? address.substring(address.indexOf('@') + 1) : address;
        return nodes.values().stream().filter(n -> n.ip().equals(host) || n.id().equals(host)).findFirst();
    }

    static boolean isWellFormedRepo(String repo) {
        return REPO_ID.matcher(repo).matches() && !repo.contains("..") && !repo.contains("--");
    }

    /** Whether the simulated Hugging Face hub has this repo (by default: any well-formed id). */
    boolean repoExists(String repo) {
        return isWellFormedRepo(repo) && (knownRepos == null || knownRepos.contains(repo));
    }

    boolean repoGated(String repo) {
        return gatedRepos.contains(repo);
    }

    long modelBytes(String repo) {
        return modelSizes.getOrDefault(repo, ModelSizes.estimateBytes(repo));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        nodes.values().forEach(SimulatedSpark::shutdown);
        commandServer.close();
        scheduler.shutdownNow();
        background.shutdownNow();
        pumps.shutdownNow();
        if (deleteOnClose) {
            deleteTree(root);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // best effort: a temp dir
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record BackendRegistration(String containerName, String nodeId, SimBackend backend) {
    }

    /** Configures a cluster; {@link #build()} starts it. */
    public static final class Builder {

        private final List<String> nodeIds = new ArrayList<>();
        private final Map<String, Integer> ports = new HashMap<>();
        private final List<BackendRegistration> backends = new ArrayList<>();
        private final List<String> gatedRepos = new ArrayList<>();
        private final Map<String, Long> modelSizes = new HashMap<>();
        private List<String> knownRepos;
        private Path root;
        private String user = "spark";
        private SimVllm vllm;
        private Duration loadTime = Duration.ofSeconds(15);
        private Duration downloadTime = Duration.ofSeconds(20);
        private Duration stopTime = Duration.ZERO;

        private Builder() {
        }

        /** Node ids, head first (default {@code spark1, spark2}). */
        public Builder nodes(String... ids) {
            nodeIds.clear();
            nodeIds.addAll(List.of(ids));
            return this;
        }

        /** Keeps every node's files here across restarts (host keys, authorized_keys, HF cache); default a temp dir deleted on close. */
        public Builder rootDir(Path dir) {
            this.root = dir;
            return this;
        }

        /** The login user on every node (default {@code spark}). */
        public Builder user(String name) {
            this.user = name;
            return this;
        }

        /** A fixed SSH port for a node (default: a free port). */
        public Builder sshPort(String nodeId, int port) {
            ports.put(nodeId, port);
            return this;
        }

        /** The vLLM server of the head node's {@code vllm_node} container. */
        public Builder vllm(SimVllm vllmServer) {
            this.vllm = vllmServer;
            return this;
        }

        /** A backend that answers exactly while the container {@code containerName} runs on {@code nodeId}. */
        public Builder backend(String containerName, String nodeId, SimBackend backend) {
            backends.add(new BackendRegistration(containerName, nodeId, backend));
            return this;
        }

        public Builder loadTime(Duration time) {
            this.loadTime = time;
            return this;
        }

        public Builder downloadTime(Duration time) {
            this.downloadTime = time;
            return this;
        }

        /** See {@link SimulatedCluster#setStopTime}. */
        public Builder stopTime(Duration time) {
            this.stopTime = time;
            return this;
        }

        /** Only these repos exist on the simulated Hugging Face hub (default: any well-formed id). */
        public Builder huggingFaceRepos(String... repos) {
            this.knownRepos = List.of(repos);
            return this;
        }

        /** Repos that need {@code HF_TOKEN} in hf-download.sh's environment. */
        public Builder gatedRepos(String... repos) {
            gatedRepos.addAll(List.of(repos));
            return this;
        }

        /** The weight size of a repo (default: guessed from its name, e.g. 8B BF16 → 16 GB). */
        public Builder modelSize(String repo, long bytes) {
            modelSizes.put(repo, bytes);
            return this;
        }

        public SimulatedCluster build() {
            try {
                return new SimulatedCluster(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
