package com.sparkcontrol.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.session.ServerSession;

/**
 * One simulated DGX Spark: a real SSH server on 127.0.0.1 whose exec requests run through the system's
 * {@code bash -c} in a simulated HOME, with shims that send {@code docker}, {@code launch-cluster.sh},
 * {@code hf-download.sh} and friends to Java handlers holding this node's state. Faults make it unreachable,
 * hang its commands, drop its sessions or refuse authentication.
 */
public final class SimulatedSpark {

    static final String ETH_IF = "enp1s0f1np1";
    static final String IB_IF = "rocep1s0f1,roceP2p1s0f1";
    static final String LAUNCHER = "launch-cluster.sh";

    private final SimulatedCluster cluster;
    private final String id;
    private final String ip;
    private final String user;
    private final SparkHome layout;
    private final HostKeyStore hostKeys;
    private final SparkSshServer ssh;
    private final DockerEngine docker;
    private final HfCache hfCache;
    private final RepoCheckout repo;
    private final HostStats stats;
    private final Map<String, SimCommand> commands;
    private final AtomicBoolean oomNext = new AtomicBoolean();
    private final AtomicInteger activeDownloads = new AtomicInteger();
    private final Set<BashExecCommand> runningCommands = ConcurrentHashMap.newKeySet();
    private volatile AuthorizedKeysAuthenticator authorizedKeys;
    private volatile boolean hanging;
    private volatile boolean refusingAuth;
    private volatile boolean unreachable;
    private volatile Duration dropAfter;

    SimulatedSpark(SimulatedCluster cluster, String id, String ip, String user, Path nodeRoot, int sshPort,
            ExecutorService pumps) {
        this.cluster = cluster;
        this.id = id;
        this.ip = ip;
        this.user = user;
        this.layout = new SparkHome(nodeRoot, user);
        layout.create();
        ShimInstaller.install(layout);
        this.hostKeys = new HostKeyStore(layout.hostKey);
        this.authorizedKeys = new AuthorizedKeysAuthenticator(layout.authorizedKeys);
        this.docker = new DockerEngine(this);
        this.hfCache = new HfCache(layout.hub);
        this.repo = new RepoCheckout(layout.repo, cluster.upstream());
        this.stats = new HostStats(this);
        this.ssh = new SparkSshServer(this, sshPort, pumps);
        Map<String, SimCommand> handlers = new LinkedHashMap<>();
        handlers.put("docker", new DockerCommand());
        handlers.put(LAUNCHER, new LaunchClusterCommand());
        handlers.put("hf-download.sh", new HfDownloadCommand());
        handlers.put("build-and-copy.sh", new BuildAndCopyCommand());
        handlers.put("git", new GitCommand());
        handlers.put("nvidia-smi", new NvidiaSmiCommand());
        handlers.put("cat", new ProcCatCommand());
        handlers.put("df", new DfCommand());
        handlers.put("nproc", call -> {
            call.outLine(Integer.toString(HostStats.CPUS));
            return 0;
        });
        this.commands = Map.copyOf(handlers);
    }

    // ---- identity and layout ----

    public String id() {
        return id;
    }

    /** The node's cluster (CX7) address as launch-cluster.sh and .env name it; SSH itself is on 127.0.0.1. */
    public String ip() {
        return ip;
    }

    public String user() {
        return user;
    }

    public int sshPort() {
        return ssh.port();
    }

    public Path home() {
        return layout.home;
    }

    /** The spark-vllm-docker checkout, {@code ~/spark-vllm-docker}. */
    public Path repoDir() {
        return layout.repo;
    }

    /** The Hugging Face hub cache, {@code ~/.cache/huggingface/hub}. */
    public Path hfHub() {
        return layout.hub;
    }

    public PublicKey hostKey() {
        return hostKeys.publicKey();
    }

    /** Replaces the host key (as a reinstalled Spark would), so clients that pinned the old one must refuse. */
    public void regenerateHostKey() {
        hostKeys.regenerate();
    }

    // ---- keys ----

    /** Appends an OpenSSH public key line to {@code ~/.ssh/authorized_keys}, once. */
    public synchronized void installKey(String opensshPublicKeyLine) {
        String line = opensshPublicKeyLine.trim();
        try {
            List<String> existing = Files.readAllLines(layout.authorizedKeys);
            if (!existing.contains(line)) {
                Files.writeString(layout.authorizedKeys, line + "\n", StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        authorizedKeys = new AuthorizedKeysAuthenticator(layout.authorizedKeys);
    }

    /** Empties {@code ~/.ssh/authorized_keys}: every key login fails from now on. */
    public synchronized void revokeKeys() {
        try {
            Files.writeString(layout.authorizedKeys, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        authorizedKeys = new AuthorizedKeysAuthenticator(layout.authorizedKeys);
    }

    // ---- faults ----

    /** Stops (true) or restarts (false) the SSH listener: connections are refused, open sessions are cut. */
    public void unreachable(boolean on) {
        unreachable = on;
        if (on) {
            ssh.stop();
            killRunningCommands();
        } else {
            ssh.start();
        }
    }

    public boolean isUnreachable() {
        return unreachable;
    }

    /** New exec requests are accepted but never print anything nor exit. */
    public void hang(boolean on) {
        hanging = on;
    }

    /** Every exec started from now on has its whole SSH session killed this long after it started; null ends it. */
    public void dropConnectionsAfter(Duration after) {
        dropAfter = after;
    }

    /** Public-key authentication fails (as after a revoked key or a wrong user). */
    public void refuseAuth(boolean on) {
        refusingAuth = on;
    }

    /**
     * Deletes (true) or puts back (false) {@code launch-cluster.sh} in the checkout, as on a Spark whose repo dir
     * is a wrong or half-made clone: every check and every {@code ./launch-cluster.sh} sees the file gone.
     */
    public void launcherMissing(boolean missing) {
        try {
            if (missing) {
                Files.deleteIfExists(launcher());
            } else if (isLauncherMissing()) {
                // only when gone: rewriting a script that a running launch is reading could change it under bash
                ShimInstaller.installRepoScript(layout, LAUNCHER);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isLauncherMissing() {
        return !Files.isExecutable(launcher());
    }

    private Path launcher() {
        return layout.repo.resolve(LAUNCHER);
    }

    /** The next {@code vllm serve} on this node dies with CUDA out of memory after loading its weights. */
    public void failNextLaunchWithOom() {
        oomNext.set(true);
    }

    // ---- state ----

    public List<SimContainer> containers() {
        return docker.containers();
    }

    public Optional<SimContainer> container(String name) {
        return docker.find(name);
    }

    /**
     * Creates a container as if {@code docker run -d} (or {@code docker create}) had been run earlier. A vLLM
     * image gets launch-cluster.sh's shape ({@code sleep infinity}, host network, {@code --rm}) with no vLLM
     * running in it: the "container up, nothing served" state.
     */
    public SimContainer seedContainer(String name, String image, boolean running) {
        if (docker.imageId(image).isEmpty()) {
            docker.putImage(image, cluster.registry().currentId(image));
        }
        ContainerSpec spec = image.contains("vllm")
                ? new ContainerSpec(name, image, List.of("sleep", "infinity"), List.of(), List.of(), List.of(), "no",
                        true, "host", "all")
                : ContainerSpec.service(name, image);
        SimContainer container = docker.create(spec);
        if (running) {
            docker.start(container);
        }
        return container;
    }

    /** Makes an image local, with its current upstream ID. */
    public void seedImage(String image) {
        docker.putImage(image, cluster.registry().currentId(image));
    }

    /** Makes an image local with a given ID (e.g. to provoke launch-cluster.sh's image mismatch check). */
    public void seedImage(String image, String imageId) {
        docker.putImage(image, imageId);
    }

    public Optional<String> imageId(String image) {
        return docker.imageId(image);
    }

    /** Puts a complete snapshot of {@code repo} into this node's HF cache. */
    public void seedModel(String repo) {
        hfCache.install(HfCache.revision(repo, cluster.modelBytes(repo)));
    }

    /** Whether a complete snapshot of {@code repo} is in this node's HF cache. */
    public boolean hasModel(String repo) {
        return hfCache.status(repo).complete();
    }

    /** Repos with anything (complete or not) in the HF cache. */
    public List<String> cachedModels() {
        return hfCache.repos();
    }

    public List<DockerLogin> dockerLogins() {
        return docker.logins();
    }

    /**
     * The serving vLLM on this node dies at runtime (EngineDeadError in its log); its container stays up.
     * Returns whether there was one.
     */
    public boolean crashVllm() {
        List<VllmProcess> serving = docker.liveVllmProcesses().stream()
                .filter(p -> p.phase() == VllmProcess.Phase.SERVING).toList();
        serving.forEach(VllmProcess::crash);
        return !serving.isEmpty();
    }

    /** The served model of the vLLM process currently serving on this node, if any. */
    public Optional<String> servingModel() {
        return docker.liveVllmProcesses().stream()
                .filter(p -> p.phase() == VllmProcess.Phase.SERVING && !p.args().headless())
                .map(VllmProcess::model)
                .findFirst();
    }

    // ---- package-private plumbing ----

    SimulatedCluster cluster() {
        return cluster;
    }

    HostKeyStore hostKeys() {
        return hostKeys;
    }

    DockerEngine docker() {
        return docker;
    }

    HfCache hfCache() {
        return hfCache;
    }

    RepoCheckout repo() {
        return repo;
    }

    HostStats stats() {
        return stats;
    }

    SimCommand command(String program) {
        return commands.get(program);
    }

    boolean isHanging() {
        return hanging;
    }

    /** Whether another node's {@code ssh} (BatchMode, keys set up by discover-sparks) would get in. */
    boolean acceptsPeerSsh() {
        return !unreachable && !refusingAuth && !hanging;
    }

    boolean takeOomFault() {
        return oomNext.getAndSet(false);
    }

    int activeDownloads() {
        return activeDownloads.get();
    }

    void downloadStarted() {
        activeDownloads.incrementAndGet();
    }

    void downloadEnded() {
        activeDownloads.decrementAndGet();
    }

    boolean authenticate(String username, PublicKey key, ServerSession session) {
        if (refusingAuth || !user.equals(username)) {
            return false;
        }
        return authorizedKeys.authenticate(username, key, session);
    }

    void armConnectionDrop(ServerSession session) {
        Duration after = dropAfter;
        if (after != null) {
            cluster.scheduler().schedule(() -> {
                session.close(true);
            }, after.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    Map<String, String> shellEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", layout.home.toString());
        env.put("USER", user);
        env.put("LOGNAME", user);
        env.put("SHELL", "/bin/bash");
        env.put("LANG", "C.UTF-8");
        env.put("PATH", layout.bin + ":/usr/bin:/bin");
        env.put("SIM_PORT", Integer.toString(cluster.commandPort()));
        env.put("SIM_NODE", id);
        env.put("SIM_BIN", layout.bin.toString());
        return env;
    }

    void startSsh() {
        ssh.start();
    }

    void commandStarted(BashExecCommand command) {
        runningCommands.add(command);
    }

    void commandEnded(BashExecCommand command) {
        runningCommands.remove(command);
    }

    /** A stopped server does not always close its channels one by one: their processes are killed here. */
    private void killRunningCommands() {
        List.copyOf(runningCommands).forEach(BashExecCommand::kill);
    }

    void shutdown() {
        ssh.stop();
        killRunningCommands();
        docker.shutdown();
    }

    void writeRepoFiles(List<String> clusterIps, List<String> copyHosts) {
        repo.writeFiles(ip, clusterIps, copyHosts);
    }

    @Override
    public String toString() {
        return "SimulatedSpark[" + id + " " + ip + " ssh 127.0.0.1:" + sshPort() + "]";
    }
}
