package com.sparkcontrol.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One run of the simulated launch-cluster.sh, step by step as the script runs: read {@code .env}, resolve
 * nodes (solo, {@code -n}, {@code .env} or discovery), print the header, check SSH to workers, then
 * {@code stop}, {@code status}, {@code start} or {@code exec}. Starting creates {@code vllm_node} on every node
 * (unless it already runs: "Skipping launch", the stale-container pitfall), applies mods and copies the launch
 * script; {@code exec} dispatches {@code vllm serve} as the script does (daemon: to the container log and exit
 * 0 at once; foreground: streamed, with the cluster stopped when the session ends).
 */
final class ClusterLaunch {

    private static final String EXEC_SCRIPT = "/workspace/exec-script.sh";

    private final Invocation call;
    private final SimulatedSpark node;
    private final LaunchOptions opts;
    private final String argv0;
    private DotEnv env = DotEnv.empty();
    private String containerName = "vllm_node";
    private String ethIf;
    private String ibIf;
    private String masterPort = "29501";
    private String localIp;
    private String headIp;
    private List<String> peers = new ArrayList<>();
    private final List<String> containerEnvNames = new ArrayList<>();
    private final List<Path> mods = new ArrayList<>();
    private boolean solo;
    private boolean noRay = true;
    private boolean clusterWasRunning;
    private Path launchScript;
    private String commandToRun;

    ClusterLaunch(Invocation call, LaunchOptions opts, String argv0) {
        this.call = call;
        this.node = call.node();
        this.opts = opts;
        this.argv0 = argv0;
    }

    int run() throws Exception {
        if (opts.help) {
            return usage();
        }
        Path configFile = opts.config == null ? node.repoDir().resolve(".env") : call.resolve(opts.config);
        if (Files.isRegularFile(configFile)) {
            out("Loading configuration from .env file...");
            Optional<DotEnv> parsed = DotEnv.read(configFile);
            if (parsed.isEmpty()) {
                out("Error: Invalid .env file syntax. Aborting.");
                return 1;
            }
            env = parsed.get();
            StringBuilder keys = new StringBuilder();
            env.sortedKeys().forEach(key -> keys.append("DOTENV_").append(key).append(' '));
            out("Loaded .env variables: " + keys);
        }
        String nodesArg = opts.nodes != null ? opts.nodes : env.get("CLUSTER_NODES");
        ethIf = opts.ethIf != null ? opts.ethIf : env.get("ETH_IF");
        ibIf = opts.ibIf != null ? opts.ibIf : env.get("IB_IF");
        masterPort = opts.masterPort != null ? opts.masterPort
                : env.get("MASTER_PORT") != null ? env.get("MASTER_PORT") : "29501";
        if ((opts.name == null || opts.name.equals("vllm_node")) && env.get("CONTAINER_NAME") != null) {
            containerName = env.get("CONTAINER_NAME");
        } else if (opts.name != null) {
            containerName = opts.name;
        }
        localIp = env.get("LOCAL_IP") != null ? env.get("LOCAL_IP") : call.env("LOCAL_IP");
        opts.envs.forEach(kv -> containerEnvNames.add(kv.contains("=") ? kv.substring(0, kv.indexOf('=')) : kv));
        for (String name : env.containerEnv().keySet()) {
            containerEnvNames.add(name);
            out("Adding container env: " + name);
        }
        if (opts.earlyoom && opts.keepEntrypoint) {
            out("Error: --earlyoom requires launch-cluster.sh to clear the image entrypoint.");
            out("       Remove --keep-entrypoint so earlyoom can run as the foreground process.");
            return 1;
        }
        if (opts.launchScript != null && !resolveLaunchScript()) {
            return 1;
        }
        if (!validateMods()) {
            return 1;
        }
        if (opts.config != null && !Files.exists(configFile) && !opts.setup) {
            out("Error: Config file not found: " + configFile);
            return 1;
        }
        if (opts.setup) {
            out("Running full autodiscovery (--setup)...");
            ethIf = null;
            ibIf = null;
            localIp = null;
            detectInterfaces();
            detectLocalIp();
            nodesArg = scanForPeers();
            saveConfig(configFile);
            if (opts.action == null && launchScript == null) {
                return 0;
            }
        }
        if (opts.solo) {
            solo = true;
            localIp = localIp == null ? "127.0.0.1" : localIp;
            nodesArg = localIp;
            out("Solo mode enabled. Skipping node detection.");
        } else {
            detectInterfaces();
            detectLocalIp();
            if (nodesArg == null) {
                nodesArg = scanForPeers();
            }
            for (String ip : nodesArg.split(",")) {
                if (!ip.strip().equals(localIp) && !ip.isBlank()) {
                    peers.add(ip.strip());
                }
            }
        }
        headIp = localIp;
        if (Stream.of(nodesArg.split(",")).map(String::strip).noneMatch(headIp::equals)) {
            out("Error: Local IP (" + headIp + ") is not in the list of nodes (" + nodesArg + ").");
            return 1;
        }
        if (!solo && peers.isEmpty()) {
            out("Only local node detected/configured. Activating solo mode (no Ray cluster).");
            solo = true;
        }
        if (solo && opts.ray) {
            out("Error: --ray is incompatible with --solo or a single-node configuration.");
            return 1;
        }
        if (solo && opts.noRayExplicit) {
            out("Error: --no-ray is incompatible with --solo or a single-node configuration.");
            return 1;
        }
        noRay = !opts.ray && !solo;
        if (!opts.publish.isEmpty() && !solo) {
            out("Error: -p/--publish port forwarding is only supported in solo mode. Use --solo or remove port "
                    + "mappings for cluster mode.");
            return 1;
        }
        String action = opts.action == null && launchScript != null ? "exec" : opts.action;
        out("Head Node: " + headIp);
        out("Worker Nodes: " + String.join(" ", peers));
        out("Container Name: " + containerName);
        out("Image Name: " + opts.image);
        out("Action: " + (action == null ? "" : action));
        if (("start".equals(action) || "exec".equals(action) || opts.checkConfig) && !peers.isEmpty()) {
            out("Checking SSH connectivity to worker nodes...");
            for (String worker : peers) {
                if (peer(worker).isEmpty()) {
                    out("Error: Passwordless SSH to " + worker + " failed.");
                    out("  Please ensure SSH keys are configured and the host is reachable.");
                    return 1;
                }
                out("  SSH to " + worker + ": OK");
            }
        }
        if (action == null && !opts.checkConfig) {
            out("Error: No action specified. Use: start | stop | status | exec");
            return usage();
        }
        if (opts.checkConfig) {
            out("Configuration Check Complete.");
            out("  Image Name: " + opts.image);
            out("  ETH Interface: " + (ethIf == null ? "" : ethIf));
            out("  IB Interface: " + (ibIf == null ? "" : ibIf));
            out("  Docker Network: host");
            return 0;
        }
        return switch (action) {
            case "stop" -> {
                cleanup();
                yield 0;
            }
            case "status" -> status();
            case "start" -> start();
            default -> exec();
        };
    }

    // ---- actions ----

    private int status() {
        out("Checking status...");
        if (runningOn(node)) {
            out("[HEAD] " + headIp + ": Container '" + containerName + "' is RUNNING.");
            if (!noRay) {
                out("--- Ray Status ---");
                call.errLine("ConnectionError: Could not find any running Ray instance. Please specify the one to "
                        + "connect to by setting `--address` flag or `RAY_ADDRESS` environment variable.");
                out("Failed to get ray status.");
                out("------------------");
            }
        } else {
            out("[HEAD] " + headIp + ": Container '" + containerName + "' is NOT running.");
        }
        for (String worker : peers) {
            boolean running = peer(worker).map(this::runningOn).orElse(false);
            out("[WORKER] " + worker + ": Container '" + containerName + "' is " + (running ? "RUNNING." : "NOT running."));
        }
        return 0;
    }

    private int start() throws Exception {
        if (opts.daemon) {
            if (!startCluster()) {
                return 1;
            }
            out("Cluster started in background (Daemon mode).");
            return 0;
        }
        try {
            if (!startCluster()) {
                cleanup();
                return 1;
            }
            out("Cluster started. Tailing logs from head node...");
            out("Press Ctrl+C to stop the cluster.");
            SimContainer head = node.docker().find(containerName).orElse(null);
            if (head != null) {
                followLog(head, 0, () -> head.isRunning());
            }
            cleanup();
            return 0;
        } catch (ClientGoneException e) {
            stopQuietly();
            throw e;
        }
    }

    private int exec() throws Exception {
        commandToRun = launchScript != null ? EXEC_SCRIPT : ShellWords.quoteAll(opts.command);
        if (!solo && !noRay && launchScript == null && commandToRun.contains("vllm serve")
                && !commandToRun.contains("--distributed-executor-backend")) {
            call.errLine("Adding --distributed-executor-backend ray for Ray mode.");
            commandToRun = commandToRun + " --distributed-executor-backend ray";
        }
        if (!solo && !peers.isEmpty() && !trimToParallelism()) {
            return 1;
        }
        if (opts.daemon) {
            if (!startCluster()) {
                return 1;
            }
            out("Executing command: " + commandToRun);
            return dispatch();
        }
        try {
            if (!startCluster()) {
                cleanup();
                return 1;
            }
            out("Executing command: " + commandToRun);
            int code = dispatch();
            cleanup();
            return code;
        } catch (ClientGoneException e) {
            stopQuietly();
            throw e;
        }
    }

    private int dispatch() throws Exception {
        if (noRay && !peers.isEmpty() && (launchScript != null || commandToRun.contains("vllm serve"))) {
            return execNoRayCluster();
        }
        return execOnHead(commandToRun);
    }

    /** {@code _exec_on_head}: daemon via {@code docker exec -d … >> /proc/1/fd/1}; foreground attached. */
    private int execOnHead(String command) throws Exception {
        SimContainer head = runningContainer(node);
        if (head == null) {
            if (!opts.daemon) {
                return 1;
            }
            out("Command dispatched in background (Daemon mode). Container: " + containerName);
            return 0;
        }
        ContainerShell shell = new ContainerShell(call, node, head, SimContainer.WORKDIR);
        if (opts.daemon) {
            shell.exec(List.of("bash", "-c", command + " >> /proc/1/fd/1 2>&1"), true);
            out("Command dispatched in background (Daemon mode). Container: " + containerName);
            return 0;
        }
        return shell.exec(List.of("bash", "-c", command), false);
    }

    /** {@code exec_no_ray_cluster}: workers first (headless ranks), then the head as rank 0. */
    private int execNoRayCluster() throws Exception {
        int total = 1 + peers.size();
        int rank = 1;
        String clean = commandToRun.replaceAll("--distributed-executor-backend(=|\\s+)\\S+", "");
        for (String worker : peers) {
            String workerCmd = launchScript != null ? commandToRun : clean + " --nnodes " + total + " --node-rank "
                    + rank + " --master-addr " + headIp + " --master-port " + masterPort + " --headless";
            out("Launching worker (rank " + rank + ") on " + worker + "...");
            Optional<SimulatedSpark> peerNode = peer(worker);
            if (peerNode.isEmpty()) {
                call.errLine("ssh: connect to host " + worker + " port 22: Connection refused");
            } else {
                SimContainer container = runningContainer(peerNode.get());
                if (container != null) {
                    new ContainerShell(call, peerNode.get(), container, SimContainer.WORKDIR)
                            .exec(List.of("bash", "-c", workerCmd + " >> /proc/1/fd/1 2>&1"), true);
                }
            }
            rank++;
        }
        String headCmd = launchScript != null ? commandToRun : clean + " --nnodes " + total
                + " --node-rank 0 --master-addr " + headIp + " --master-port " + masterPort;
        out("Executing command on head node (rank 0): " + headCmd);
        SimContainer head = runningContainer(node);
        if (head == null) {
            call.errLine("Error: failed to start the command inside container '" + containerName + "'.");
            return 1;
        }
        int logStart = head.log().size();
        new ContainerShell(call, node, head, SimContainer.WORKDIR)
                .exec(List.of("bash", "-c", headCmd + " >> /proc/1/fd/1 2>&1"), true);
        if (opts.daemon) {
            out("Command dispatched in background (Daemon mode). Container: " + containerName);
            return 0;
        }
        List<VllmProcess> started = head.allProcesses();
        VllmProcess headProcess = started.isEmpty() ? null : started.get(started.size() - 1);
        followLog(head, logStart, () -> headProcess != null && headProcess.isAlive() && head.isRunning());
        if (!head.isRunning()) {
            call.errLine("Container '" + containerName + "' is no longer running; head command did not report "
                    + "completion.");
            return 1;
        }
        return headProcess == null ? 0 : headProcess.exitCode();
    }

    // ---- start_cluster ----

    private boolean startCluster() throws IOException {
        boolean running = false;
        if (runningContainer(node) != null) {
            out("Warning: Container '" + containerName + "' is already running on head node (" + headIp + ").");
            running = true;
        }
        for (String worker : peers) {
            if (peer(worker).map(this::runningContainer).isPresent()) {
                out("Warning: Container '" + containerName + "' is already running on worker node (" + worker + ").");
                running = true;
            }
        }
        if (running) {
            out("Cluster containers are already running. Skipping launch.");
            clusterWasRunning = true;
            return true;
        }
        if (!peers.isEmpty() && !verifyImageConsistency()) {
            return false;
        }
        out("Starting Head Node on " + headIp + "...");
        runContainer(node, headIp);
        for (String worker : peers) {
            out("Starting Worker Node on " + worker + "...");
            Optional<SimulatedSpark> peerNode = peer(worker);
            if (peerNode.isPresent()) {
                runContainer(peerNode.get(), worker);
            } else {
                call.errLine("ssh: connect to host " + worker + " port 22: Connection refused");
            }
        }
        if (!mods.isEmpty()) {
            out("Applying modifications to cluster nodes...");
            for (Path mod : mods) {
                if (!applyMod(node, headIp, mod, true)) {
                    cleanup();
                    return false;
                }
            }
            for (String worker : peers) {
                for (Path mod : mods) {
                    if (peer(worker).isPresent() && !applyMod(peer(worker).get(), worker, mod, false)) {
                        cleanup();
                        return false;
                    }
                }
            }
        }
        if (launchScript != null) {
            copyLaunchScript();
        }
        if (!solo && !noRay) {
            out("Starting Ray HEAD node on " + headIp + "...");
            peers.forEach(worker -> out("Starting Ray WORKER node on " + worker + "..."));
            out("Waiting for cluster to be ready...");
            call.pause(100);
            out("Cluster head is responsive.");
        } else {
            call.pause(50);
        }
        return true;
    }

    private boolean verifyImageConsistency() {
        out("Verifying Docker image consistency across cluster nodes...");
        String headId = node.docker().imageId(opts.image).orElse(null);
        if (headId == null) {
            out("Error: Could not inspect image '" + opts.image + "' on head node (" + headIp + ").");
            out("       Make sure the image exists and is accessible to the current user.");
            return false;
        }
        out("  [HEAD] " + headIp + ": " + headId);
        boolean error = false;
        for (String worker : peers) {
            String workerId = peer(worker).flatMap(p -> p.docker().imageId(opts.image)).orElse(null);
            if (workerId == null) {
                out("Error: Could not inspect image '" + opts.image + "' on worker node (" + worker + ").");
                out("       The image may be missing or inaccessible to the remote user.");
                error = true;
            } else if (!workerId.equals(headId)) {
                out("Error: Docker image mismatch on worker node (" + worker + "):");
                out("       Head:   " + headId);
                out("       Worker: " + workerId);
                error = true;
            } else {
                out("  [WORKER] " + worker + ": " + workerId + " (match)");
            }
        }
        if (error) {
            out("Error: Cluster launch aborted because image '" + opts.image + "' is not in sync.");
            out("       Sync it with: ./build-and-copy.sh --no-build -t " + ShellWords.quote(opts.image)
                    + " --copy-to <worker-hosts>");
            return false;
        }
        out("Docker image consistency check passed.");
        return true;
    }

    /** The launcher's {@code docker run … sleep infinity}, with docker's own errors when it cannot. */
    private void runContainer(SimulatedSpark target, String ip) {
        DockerEngine docker = target.docker();
        if (docker.imageId(opts.image).isEmpty()) {
            call.errLine("Unable to find image '" + ImageRegistry.normalize(opts.image) + "' locally");
            call.errLine("docker: Error response from daemon: pull access denied for "
                    + ImageRegistry.repository(opts.image) + ", repository does not exist or may require 'docker "
                    + "login': denied: requested access to the resource is denied");
            call.errLine("");
            call.errLine("Run 'docker run --help' for more information");
            return;
        }
        SimContainer existing = docker.find(containerName).filter(c -> c.name().equals(containerName)).orElse(null);
        if (existing != null) {
            call.errLine("docker: Error response from daemon: Conflict. The container name \"/" + containerName
                    + "\" is already in use by container \"" + existing.id() + "\". You have to remove (or rename) "
                    + "that container to be able to reuse that name.");
            call.errLine("");
            call.errLine("Run 'docker run --help' for more information");
            return;
        }
        List<String> names = new ArrayList<>(List.of("VLLM_HOST_IP", "RAY_NODE_IP_ADDRESS",
                "RAY_OVERRIDE_NODE_IP_ADDRESS", "MN_IF_NAME", "UCX_NET_DEVICES", "NCCL_SOCKET_IFNAME", "NCCL_IB_HCA",
                "NCCL_IB_DISABLE", "OMPI_MCA_btl_tcp_if_include", "GLOO_SOCKET_IFNAME", "TP_SOCKET_IFNAME",
                "NCCL_IGNORE_CPU_AFFINITY", "PYTORCH_CUDA_ALLOC_CONF"));
        names.addAll(containerEnvNames);
        List<String> command = opts.earlyoom ? List.of("earlyoom", "-M", "524288,102400", "-s", "100", "-r", "60")
                : List.of("sleep", "infinity");
        ContainerSpec spec = new ContainerSpec(containerName, opts.image, command, names, solo ? opts.publish : List.of(),
                opts.volumes, "no", true, opts.publish.isEmpty() || !solo ? "host" : "bridge", "all");
        SimContainer container = docker.create(spec);
        docker.start(container);
        out(container.id());
    }

    private boolean applyMod(SimulatedSpark target, String ip, Path mod, boolean local) throws IOException {
        boolean zip = mod.getFileName().toString().endsWith(".zip");
        String name = mod.getFileName().toString().replaceFirst("\\.zip$", "");
        out("Applying mod '" + name + "' to " + ip + "...");
        if (!local) {
            out("  Copying mod package to " + ip + ":/tmp/vllm_mod_pkg_" + Instant.now().getEpochSecond() + "_"
                    + ThreadLocalRandom.current().nextInt(32768) + "...");
        }
        SimContainer container = runningContainer(target);
        if (container == null) {
            out("Error: Failed to create /workspace/mods/" + name + " in container on " + ip);
            return false;
        }
        String dest = "/workspace/mods/" + name;
        container.makeDir(dest);
        String runScript = "";
        if (zip) {
            out("  Copying zip to container...");
            container.putFile(dest + "/" + mod.getFileName(), Files.readAllBytes(mod));
            out("  Extracting zip...");
            try (InputStream in = Files.newInputStream(mod); ZipInputStream entries = new ZipInputStream(in)) {
                ZipEntry entry;
                while ((entry = entries.getNextEntry()) != null) {
                    if (!entry.isDirectory()) {
                        byte[] bytes = entries.readAllBytes();
                        container.putFile(dest + "/" + entry.getName(), bytes);
                        if (entry.getName().endsWith("run.sh")) {
                            runScript = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                        }
                    }
                }
            }
        } else {
            out("  Copying directory content to container...");
            long bytes = 0;
            try (Stream<Path> walk = Files.walk(mod)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    byte[] content = Files.readAllBytes(file);
                    container.putFile(dest + "/" + mod.relativize(file), content);
                    bytes += content.length;
                }
            }
            runScript = Files.readString(mod.resolve("run.sh"));
            call.errLine("Successfully copied " + DockerText.humanSize(Math.max(bytes, 512), 4) + " to "
                    + containerName + ":" + dest + "/");
        }
        out("  Running patch script on " + ip + "...");
        if (runScript.lines().anyMatch(line -> line.strip().matches("exit [1-9][0-9]*"))) {
            out("Error: Patch script failed on " + ip);
            return false;
        }
        return true;
    }

    private void copyLaunchScript() throws IOException {
        String script = Files.readString(launchScript);
        int total = 1 + peers.size();
        if (noRay && !peers.isEmpty()) {
            out("Copying launch script to head node (" + headIp + ")...");
            putScript(node, nodeScript(script, total, 0));
            int rank = 1;
            for (String worker : peers) {
                out("Copying launch script to worker " + worker + "...");
                int workerRank = rank++;
                peer(worker).ifPresent(p -> putScript(p, nodeScript(script, total, workerRank)));
            }
        } else {
            out("Copying launch script to head node...");
            putScript(node, script);
        }
    }

    private void putScript(SimulatedSpark target, String script) {
        SimContainer container = runningContainer(target);
        if (container != null) {
            container.putFile(EXEC_SCRIPT, script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** {@code make_node_script}: drop the executor backend, append the rank arguments to the last line. */
    private String nodeScript(String script, int total, int rank) {
        List<String> lines = new ArrayList<>();
        for (String line : script.replaceAll("--distributed-executor-backend(=|[ \\t]+)\\S+", "").split("\n")) {
            if (!line.matches("[\\s\\\\]*")) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            return script;
        }
        String extra = " --nnodes " + total + " --node-rank " + rank + " --master-addr " + headIp + " --master-port "
                + masterPort + (rank > 0 ? " --headless" : "");
        String last = lines.remove(lines.size() - 1).replaceFirst("\\s*\\\\\\s*$", "");
        lines.add(last + extra);
        return String.join("\n", lines) + "\n";
    }

    private boolean trimToParallelism() throws IOException {
        String text = launchScript != null ? Files.readString(launchScript) : commandToRun;
        int tp = 1;
        int pp = 1;
        int dp = 1;
        boolean found = false;
        String previous = "";
        for (String word : text.replaceAll("(--[a-z-]*)=", "$1 ").split("\\s+")) {
            if (word.matches("\\d+")) {
                switch (previous) {
                    case "-tp", "--tensor-parallel-size" -> { tp = Integer.parseInt(word); found = true; }
                    case "-pp", "--pipeline-parallel-size" -> { pp = Integer.parseInt(word); found = true; }
                    case "-dp", "--data-parallel-size" -> { dp = Integer.parseInt(word); found = true; }
                    default -> { }
                }
            }
            previous = word;
        }
        if (!found) {
            return true;
        }
        int required = tp * pp * dp;
        int total = 1 + peers.size();
        String detail = "(tp=" + tp + " * pp=" + pp + " * dp=" + dp + ")";
        if (required > total) {
            out("Error: Command requires " + required + " nodes " + detail + " but only " + total
                    + " node(s) are configured.");
            return false;
        }
        if (required < total) {
            out("Note: Command requires " + required + " node(s) " + detail + "; using " + required + " of " + total
                    + " configured node(s).");
            peers = new ArrayList<>(peers.subList(0, required - 1));
        }
        return true;
    }

    // ---- stop (the script's cleanup) ----

    private void cleanup() {
        if (clusterWasRunning) {
            out("Cluster was already running when script started. Skipping cleanup.");
            return;
        }
        out("");
        out("Stopping cluster...");
        out("Stopping head node (" + headIp + ")...");
        stopOn(node);
        for (String worker : peers) {
            out("Stopping worker node (" + worker + ")...");
            peer(worker).ifPresent(this::stopOn);
        }
        out("Cluster stopped.");
    }

    /** The EXIT trap when the session is gone: the same stops, with nobody left to print to. */
    private void stopQuietly() {
        if (clusterWasRunning) {
            return;
        }
        stopOn(node);
        peers.forEach(worker -> peer(worker).ifPresent(this::stopOn));
    }

    private void stopOn(SimulatedSpark target) {
        target.docker().find(containerName).filter(c -> c.name().equals(containerName))
                .ifPresent(target.docker()::stop);
    }

    // ---- configuration helpers ----

    private boolean resolveLaunchScript() {
        Path repo = node.repoDir();
        for (Path candidate : List.of(call.resolve(opts.launchScript), repo.resolve("examples").resolve(opts.launchScript),
                repo.resolve("examples").resolve(opts.launchScript + ".sh"))) {
            if (Files.isRegularFile(candidate)) {
                launchScript = candidate;
                out("Using launch script: " + candidate);
                return true;
            }
        }
        out("Error: Launch script '" + opts.launchScript + "' not found.");
        out("Searched in:");
        out("  - " + opts.launchScript);
        out("  - " + repo + "/examples/" + opts.launchScript);
        out("  - " + repo + "/examples/" + opts.launchScript + ".sh");
        return false;
    }

    private boolean validateMods() throws IOException {
        for (String mod : opts.mods) {
            Path path = call.resolve(mod);
            if (!Files.exists(path)) {
                out("Error: Mod path '" + mod + "' does not exist.");
                return false;
            }
            if (Files.isDirectory(path)) {
                if (!Files.isRegularFile(path.resolve("run.sh"))) {
                    out("Error: Mod directory '" + mod + "' must contain 'run.sh'.");
                    return false;
                }
            } else if (mod.endsWith(".zip")) {
                if (!zipHasRunScript(path)) {
                    out("Error: Mod zip file '" + mod + "' must contain 'run.sh'.");
                    return false;
                }
            } else {
                out("Error: --apply-mod '" + mod + "' must be a directory or a .zip file.");
                return false;
            }
            mods.add(path);
        }
        return true;
    }

    private static boolean zipHasRunScript(Path zip) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                if (entry.getName().endsWith("run.sh")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** autodiscover.sh's {@code detect_interfaces}: silent when ETH_IF and IB_IF are already known. */
    private void detectInterfaces() {
        if (ethIf != null && ibIf != null) {
            return;
        }
        out("Auto-detecting interfaces...");
        out("  Non-mesh mode: 2 CX7 interfaces active.");
        if (ibIf == null) {
            ibIf = SimulatedSpark.IB_IF;
            out("  Detected IB_IF: " + ibIf);
        }
        if (ethIf == null) {
            ethIf = SimulatedSpark.ETH_IF;
            out("  Detected ETH_IF: " + ethIf);
        }
    }

    private void detectLocalIp() {
        if (localIp != null) {
            return;
        }
        localIp = node.ip();
        out("  Detected Local IP: " + localIp + " (" + localIp + "/24)");
    }

    /** autodiscover.sh's subnet scan: peers answering SSH whose nvidia-smi says NVIDIA GB10. */
    private String scanForPeers() {
        out("Auto-detecting nodes on " + localIp + "/24 (checking for NVIDIA GB10)...");
        List<String> all = new ArrayList<>(List.of(localIp));
        for (SimulatedSpark other : node.cluster().nodes()) {
            if (other != node && other.acceptsPeerSsh()) {
                out("  Found GB10 peer: " + other.ip());
                all.add(other.ip());
            }
        }
        all.sort(null);
        String nodes = String.join(",", all);
        out("  Cluster Nodes: " + nodes);
        return nodes;
    }

    private void saveConfig(Path file) throws IOException {
        out("");
        out("");
        out("Select nodes for CLUSTER_NODES:");
        out("");
        out("Select nodes for COPY_HOSTS (build/model distribution):");
        List<String> nodes = new ArrayList<>();
        node.cluster().nodes().stream().filter(n -> n == node || n.acceptsPeerSsh()).forEach(n -> nodes.add(n.ip()));
        List<String> copy = nodes.stream().filter(ip -> !ip.equals(localIp)).toList();
        StringBuilder text = new StringBuilder("# Auto-generated by autodiscover.sh\n");
        text.append("CLUSTER_NODES=").append(String.join(",", nodes)).append('\n');
        if (!copy.isEmpty()) {
            text.append("COPY_HOSTS=").append(String.join(",", copy)).append('\n');
        }
        text.append("LOCAL_IP=").append(localIp).append('\n');
        text.append("ETH_IF=").append(ethIf).append('\n');
        text.append("IB_IF=").append(ibIf).append('\n');
        Files.writeString(file, text);
        out("");
        out("Saved to " + file);
    }

    // ---- small helpers ----

    private int usage() {
        LaunchOptions.usage(argv0).forEach(this::out);
        return 1;
    }

    private Optional<SimulatedSpark> peer(String address) {
        return node.cluster().nodeByAddress(address).filter(SimulatedSpark::acceptsPeerSsh);
    }

    private SimContainer runningContainer(SimulatedSpark target) {
        return target.docker().find(containerName).filter(c -> c.name().equals(containerName))
                .filter(SimContainer::isRunning).orElse(null);
    }

    /** {@code docker ps | grep -q NAME}: a substring of any running container's line. */
    private boolean runningOn(SimulatedSpark target) {
        return target.docker().containers().stream().filter(SimContainer::isRunning)
                .anyMatch(c -> String.join(" ", DockerPs.model(c, false).values().stream().map(String::valueOf)
                        .toList()).contains(containerName));
    }

    /** Prints the container log from {@code index} while {@code alive} holds and the caller is there. */
    private void followLog(SimContainer container, int index, java.util.function.BooleanSupplier alive)
            throws InterruptedException {
        while (true) {
            boolean stillAlive = alive.getAsBoolean();
            List<ContainerLog.Entry> fresh = container.log().from(index);
            index += fresh.size();
            fresh.forEach(entry -> out(entry.text()));
            if (!stillAlive) {
                return;
            }
            container.log().await(index, 200);
            call.checkAlive();
        }
    }

    private void out(String line) {
        call.outLine(line);
    }
}
