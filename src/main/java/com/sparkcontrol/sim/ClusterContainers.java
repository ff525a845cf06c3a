package com.sparkcontrol.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * launch-cluster.sh's container work: {@code start_cluster} (reuse running containers, check image IDs across
 * nodes, {@code docker run … sleep infinity} on every node, apply mods, copy the launch script) and the
 * {@code cleanup} that stops them. Output lines are the script's; docker's own errors go to stderr.
 */
final class ClusterContainers {

    static final String EXEC_SCRIPT = "/workspace/exec-script.sh";

    private final Invocation call;
    private final SimulatedSpark node;
    private final LaunchPlan plan;
    private boolean wasRunning;

    ClusterContainers(Invocation call, LaunchPlan plan) {
        this.call = call;
        this.node = call.node();
        this.plan = plan;
    }

    /** Whether the containers already ran when this launch began (then the script never stops them). */
    boolean wasRunning() {
        return wasRunning;
    }

    /** {@code start_cluster}; false when the launch must stop (the script then exits 1). */
    boolean start() throws IOException {
        boolean running = false;
        if (running(node) != null) {
            out("Warning: Container '" + plan.containerName + "' is already running on head node (" + plan.headIp
                    + ").");
            running = true;
        }
        for (String worker : plan.peers) {
            if (plan.peer(worker).map(this::running).isPresent()) {
                out("Warning: Container '" + plan.containerName + "' is already running on worker node (" + worker
                        + ").");
                running = true;
            }
        }
        if (running) {
            out("Cluster containers are already running. Skipping launch.");
            wasRunning = true;
            return true;
        }
        if (!plan.peers.isEmpty() && !verifyImageConsistency()) {
            return false;
        }
        out("Starting Head Node on " + plan.headIp + "...");
        run(node);
        for (String worker : plan.peers) {
            out("Starting Worker Node on " + worker + "...");
            Optional<SimulatedSpark> peer = plan.peer(worker);
            if (peer.isPresent()) {
                run(peer.get());
            } else {
                call.errLine("ssh: connect to host " + worker + " port 22: Connection refused");
            }
        }
        if (!plan.mods.isEmpty() && !applyMods()) {
            stop();
            return false;
        }
        if (plan.launchScript != null) {
            copyLaunchScript();
        }
        if (!plan.solo && !plan.noRay) {
            out("Starting Ray HEAD node on " + plan.headIp + "...");
            plan.peers.forEach(worker -> out("Starting Ray WORKER node on " + worker + "..."));
            out("Waiting for cluster to be ready...");
            call.pause(100);
            out("Cluster head is responsive.");
        } else {
            call.pause(50);
        }
        return true;
    }

    /** The script's {@code cleanup}: stop the head's container, then each worker's. */
    void stop() {
        if (wasRunning) {
            out("Cluster was already running when script started. Skipping cleanup.");
            return;
        }
        out("");
        out("Stopping cluster...");
        out("Stopping head node (" + plan.headIp + ")...");
        stopOn(node);
        for (String worker : plan.peers) {
            out("Stopping worker node (" + worker + ")...");
            plan.peer(worker).ifPresent(this::stopOn);
        }
        out("Cluster stopped.");
    }

    /** The EXIT trap when the session is gone: the same stops, with nobody left to print to. */
    void stopQuietly() {
        if (wasRunning) {
            return;
        }
        stopOn(node);
        plan.peers.forEach(worker -> plan.peer(worker).ifPresent(this::stopOn));
    }

    /** The cluster container on {@code target} when it runs, else null. */
    SimContainer running(SimulatedSpark target) {
        return target.docker().find(plan.containerName).filter(c -> c.name().equals(plan.containerName))
                .filter(SimContainer::isRunning).orElse(null);
    }

    private void stopOn(SimulatedSpark target) {
        SimContainer container = target.docker().find(plan.containerName)
                .filter(c -> c.name().equals(plan.containerName)).orElse(null);
        if (container != null) {
            try {
                target.docker().stopGracefully(container, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                target.docker().stop(container);
            }
        }
    }

    private boolean verifyImageConsistency() {
        String image = plan.opts.image;
        out("Verifying Docker image consistency across cluster nodes...");
        String headId = node.docker().imageId(image).orElse(null);
        if (headId == null) {
            out("Error: Could not inspect image '" + image + "' on head node (" + plan.headIp + ").");
            out("       Make sure the image exists and is accessible to the current user.");
            return false;
        }
        out("  [HEAD] " + plan.headIp + ": " + headId);
        boolean error = false;
        for (String worker : plan.peers) {
            String workerId = plan.peer(worker).flatMap(p -> p.docker().imageId(image)).orElse(null);
            if (workerId == null) {
                out("Error: Could not inspect image '" + image + "' on worker node (" + worker + ").");
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
            out("Error: Cluster launch aborted because image '" + image + "' is not in sync.");
            out("       Sync it with: ./build-and-copy.sh --no-build -t " + ShellWords.quote(image)
                    + " --copy-to <worker-hosts>");
            return false;
        }
        out("Docker image consistency check passed.");
        return true;
    }

    /** The launcher's {@code docker run … sleep infinity}, with docker's own errors when it cannot. */
    private void run(SimulatedSpark target) {
        DockerEngine docker = target.docker();
        String image = plan.opts.image;
        if (docker.imageId(image).isEmpty()) {
            call.errLine("Unable to find image '" + ImageRegistry.normalize(image) + "' locally");
            call.errLine("docker: Error response from daemon: pull access denied for " + ImageRegistry.repository(image)
                    + ", repository does not exist or may require 'docker login': denied: requested access to the "
                    + "resource is denied");
            call.errLine("");
            call.errLine("Run 'docker run --help' for more information");
            return;
        }
        SimContainer existing = docker.find(plan.containerName).filter(c -> c.name().equals(plan.containerName))
                .orElse(null);
        if (existing != null) {
            call.errLine("docker: Error response from daemon: Conflict. The container name \"/" + plan.containerName
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
        names.addAll(plan.containerEnvNames);
        List<String> command = plan.opts.earlyoom
                ? List.of("earlyoom", "-M", "524288,102400", "-s", "100", "-r", "60")
                : List.of("sleep", "infinity");
        boolean published = plan.solo && !plan.opts.publish.isEmpty();
        ContainerSpec spec = new ContainerSpec(plan.containerName, image, command, names,
                published ? plan.opts.publish : List.of(), plan.opts.volumes, "no", true, published ? "bridge" : "host",
                "all");
        SimContainer container = docker.create(spec);
        docker.start(container);
        out(container.id());
    }

    private boolean applyMods() throws IOException {
        out("Applying modifications to cluster nodes...");
        for (Path mod : plan.mods) {
            if (!applyMod(node, plan.headIp, mod, true)) {
                return false;
            }
        }
        for (String worker : plan.peers) {
            Optional<SimulatedSpark> peer = plan.peer(worker);
            for (Path mod : plan.mods) {
                if (peer.isPresent() && !applyMod(peer.get(), worker, mod, false)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code apply_mod_to_container}: copy into /workspace/mods/NAME, then "run" run.sh (an {@code exit N} fails). */
    private boolean applyMod(SimulatedSpark target, String ip, Path mod, boolean local) throws IOException {
        boolean zip = mod.getFileName().toString().endsWith(".zip");
        String name = mod.getFileName().toString().replaceFirst("\\.zip$", "");
        out("Applying mod '" + name + "' to " + ip + "...");
        if (!local) {
            out("  Copying mod package to " + ip + ":/tmp/vllm_mod_pkg_" + Instant.now().getEpochSecond() + "_"
                    + ThreadLocalRandom.current().nextInt(32768) + "...");
        }
        SimContainer container = running(target);
        String dest = "/workspace/mods/" + name;
        if (container == null) {
            out("Error: Failed to create " + dest + " in container on " + ip);
            return false;
        }
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
                            runScript = new String(bytes, StandardCharsets.UTF_8);
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
                    + plan.containerName + ":" + dest + "/");
        }
        out("  Running patch script on " + ip + "...");
        if (runScript.lines().anyMatch(line -> line.strip().matches("exit [1-9][0-9]*"))) {
            out("Error: Patch script failed on " + ip);
            return false;
        }
        return true;
    }

    private void copyLaunchScript() throws IOException {
        String script = Files.readString(plan.launchScript);
        int total = 1 + plan.peers.size();
        if (plan.noRay && !plan.peers.isEmpty()) {
            out("Copying launch script to head node (" + plan.headIp + ")...");
            putScript(node, nodeScript(script, total, 0));
            int rank = 1;
            for (String worker : plan.peers) {
                out("Copying launch script to worker " + worker + "...");
                int workerRank = rank++;
                plan.peer(worker).ifPresent(p -> putScript(p, nodeScript(script, total, workerRank)));
            }
        } else {
            out("Copying launch script to head node...");
            putScript(node, script);
        }
    }

    private void putScript(SimulatedSpark target, String script) {
        SimContainer container = running(target);
        if (container != null) {
            container.putFile(EXEC_SCRIPT, script.getBytes(StandardCharsets.UTF_8));
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
        String extra = " --nnodes " + total + " --node-rank " + rank + " --master-addr " + plan.headIp
                + " --master-port " + plan.masterPort + (rank > 0 ? " --headless" : "");
        String last = lines.remove(lines.size() - 1).replaceFirst("\\s*\\\\\\s*$", "");
        lines.add(last + extra);
        return String.join("\n", lines) + "\n";
    }

    private void out(String line) {
        call.outLine(line);
    }
}
