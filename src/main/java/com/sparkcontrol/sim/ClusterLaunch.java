package com.sparkcontrol.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One run of the simulated launch-cluster.sh after its configuration ({@link LaunchPlan}): the header, the
 * SSH check to workers, then {@code stop}, {@code status}, {@code start} or {@code exec}. {@code exec}
 * dispatches as the script does: daemon mode writes vLLM's output to the container log and exits 0 at once;
 * foreground mode streams it, and the EXIT trap stops the cluster when the command or the session ends.
 */
final class ClusterLaunch {

    private final Invocation call;
    private final SimulatedSpark node;
    private final LaunchOptions opts;
    private final String argv0;
    private LaunchPlan plan;
    private ClusterContainers containers;
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
        try {
            plan = LaunchPlan.resolve(call, opts, argv0);
        } catch (ScriptExit exit) {
            return exit.code;
        }
        containers = new ClusterContainers(call, plan);
        out("Head Node: " + plan.headIp);
        out("Worker Nodes: " + String.join(" ", plan.peers));
        out("Container Name: " + plan.containerName);
        out("Image Name: " + opts.image);
        out("Action: " + (plan.action == null ? "" : plan.action));
        if (("start".equals(plan.action) || "exec".equals(plan.action) || opts.checkConfig) && !plan.peers.isEmpty()) {
            out("Checking SSH connectivity to worker nodes...");
            for (String worker : plan.peers) {
                if (plan.peer(worker).isEmpty()) {
                    out("Error: Passwordless SSH to " + worker + " failed.");
                    out("  Please ensure SSH keys are configured and the host is reachable.");
                    return 1;
                }
                out("  SSH to " + worker + ": OK");
            }
        }
        if (plan.action == null && !opts.checkConfig) {
            out("Error: No action specified. Use: start | stop | status | exec");
            return usage();
        }
        if (opts.checkConfig) {
            out("Configuration Check Complete.");
            out("  Image Name: " + opts.image);
            out("  ETH Interface: " + (plan.ethIf == null ? "" : plan.ethIf));
            out("  IB Interface: " + (plan.ibIf == null ? "" : plan.ibIf));
            out("  Docker Network: host");
            return 0;
        }
        return switch (plan.action) {
            case "stop" -> {
                containers.stop();
                yield 0;
            }
            case "status" -> status();
            case "start" -> start();
            default -> exec();
        };
    }

    private int status() {
        out("Checking status...");
        if (listedByDockerPs(node)) {
            out("[HEAD] " + plan.headIp + ": Container '" + plan.containerName + "' is RUNNING.");
            if (!plan.noRay) {
                out("--- Ray Status ---");
                call.errLine("ConnectionError: Could not find any running Ray instance. Please specify the one to "
                        + "connect to by setting `--address` flag or `RAY_ADDRESS` environment variable.");
                out("Failed to get ray status.");
                out("------------------");
            }
        } else {
            out("[HEAD] " + plan.headIp + ": Container '" + plan.containerName + "' is NOT running.");
        }
        for (String worker : plan.peers) {
            boolean running = plan.peer(worker).map(this::listedByDockerPs).orElse(false);
            out("[WORKER] " + worker + ": Container '" + plan.containerName + "' is "
                    + (running ? "RUNNING." : "NOT running."));
        }
        return 0;
    }

    private int start() throws Exception {
        if (opts.daemon) {
            if (!containers.start()) {
                return 1;
            }
            out("Cluster started in background (Daemon mode).");
            return 0;
        }
        return withExitTrap(() -> {
            if (!containers.start()) {
                return 1;
            }
            out("Cluster started. Tailing logs from head node...");
            out("Press Ctrl+C to stop the cluster.");
            SimContainer head = containers.running(node);
            if (head != null) {
                followLog(head, 0, head::isRunning);
            }
            return 0;
        });
    }

    private int exec() throws Exception {
        commandToRun = plan.launchScript != null ? ClusterContainers.EXEC_SCRIPT : ShellWords.quoteAll(opts.command);
        if (!plan.solo && !plan.noRay && plan.launchScript == null && commandToRun.contains("vllm serve")
                && !commandToRun.contains("--distributed-executor-backend")) {
            call.errLine("Adding --distributed-executor-backend ray for Ray mode.");
            commandToRun = commandToRun + " --distributed-executor-backend ray";
        }
        if (!plan.solo && !plan.peers.isEmpty() && !trimToParallelism()) {
            return 1;
        }
        if (opts.daemon) {
            if (!containers.start()) {
                return 1;
            }
            out("Executing command: " + commandToRun);
            return dispatch();
        }
        return withExitTrap(() -> {
            if (!containers.start()) {
                return 1;
            }
            out("Executing command: " + commandToRun);
            return dispatch();
        });
    }

    /** A body run under the script's {@code trap cleanup EXIT INT TERM HUP} (foreground mode only). */
    private int withExitTrap(Step body) throws Exception {
        int code;
        try {
            code = body.run();
        } catch (ClientGoneException e) {
            containers.stopQuietly();
            throw e;
        }
        containers.stop();
        return code;
    }

    /** A step that may exit early with a code. */
    private interface Step {
        int run() throws Exception;
    }

    private int dispatch() throws Exception {
        if (plan.noRay && !plan.peers.isEmpty()
                && (plan.launchScript != null || commandToRun.contains("vllm serve"))) {
            return execNoRayCluster();
        }
        return execOnHead(commandToRun);
    }

    /** {@code _exec_on_head}: daemon via {@code docker exec -d … >> /proc/1/fd/1}; foreground attached. */
    private int execOnHead(String command) throws Exception {
        SimContainer head = containers.running(node);
        if (head == null) {
            call.errLine("Error response from daemon: No such container: " + plan.containerName);
            if (!opts.daemon) {
                return 1;
            }
            out("Command dispatched in background (Daemon mode). Container: " + plan.containerName);
            return 0;
        }
        ContainerShell shell = new ContainerShell(call, node, head, SimContainer.WORKDIR);
        if (opts.daemon) {
            shell.exec(List.of("bash", "-c", command + " >> /proc/1/fd/1 2>&1"), true);
            out("Command dispatched in background (Daemon mode). Container: " + plan.containerName);
            return 0;
        }
        return shell.exec(List.of("bash", "-c", command), false);
    }

    /** {@code exec_no_ray_cluster}: workers first (headless ranks), then the head as rank 0. */
    private int execNoRayCluster() throws Exception {
        int total = 1 + plan.peers.size();
        int rank = 1;
        String clean = commandToRun.replaceAll("--distributed-executor-backend(=|\\s+)\\S+", "");
        for (String worker : plan.peers) {
            String workerCmd = plan.launchScript != null ? commandToRun : clean + " --nnodes " + total
                    + " --node-rank " + rank + " --master-addr " + plan.headIp + " --master-port " + plan.masterPort
                    + " --headless";
            out("Launching worker (rank " + rank + ") on " + worker + "...");
            Optional<SimulatedSpark> peer = plan.peer(worker);
            SimContainer container = peer.map(containers::running).orElse(null);
            if (peer.isEmpty()) {
                call.errLine("ssh: connect to host " + worker + " port 22: Connection refused");
            } else if (container == null) {
                call.errLine("Error response from daemon: No such container: " + plan.containerName);
            } else {
                new ContainerShell(call, peer.get(), container, SimContainer.WORKDIR)
                        .exec(List.of("bash", "-c", workerCmd + " >> /proc/1/fd/1 2>&1"), true);
            }
            rank++;
        }
        String headCmd = plan.launchScript != null ? commandToRun : clean + " --nnodes " + total
                + " --node-rank 0 --master-addr " + plan.headIp + " --master-port " + plan.masterPort;
        out("Executing command on head node (rank 0): " + headCmd);
        SimContainer head = containers.running(node);
        if (head == null) {
            call.errLine("Error: failed to start the command inside container '" + plan.containerName + "'.");
            return 1;
        }
        int logStart = head.log().size();
        new ContainerShell(call, node, head, SimContainer.WORKDIR)
                .exec(List.of("bash", "-c", headCmd + " >> /proc/1/fd/1 2>&1"), true);
        if (opts.daemon) {
            out("Command dispatched in background (Daemon mode). Container: " + plan.containerName);
            return 0;
        }
        List<VllmProcess> started = head.allProcesses();
        VllmProcess headProcess = started.isEmpty() ? null : started.get(started.size() - 1);
        followLog(head, logStart, () -> headProcess != null && headProcess.isAlive() && head.isRunning());
        if (!head.isRunning()) {
            call.errLine("Container '" + plan.containerName + "' is no longer running; head command did not report "
                    + "completion.");
            return 1;
        }
        return headProcess == null ? 0 : headProcess.exitCode();
    }

    /** The launcher's {@code -tp/-pp/-dp} check: refuse too few nodes, trim the workers to what is needed. */
    private boolean trimToParallelism() throws IOException {
        String text = plan.launchScript != null ? Files.readString(plan.launchScript) : commandToRun;
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
        int total = 1 + plan.peers.size();
        String detail = "(tp=" + tp + " * pp=" + pp + " * dp=" + dp + ")";
        if (required > total) {
            out("Error: Command requires " + required + " nodes " + detail + " but only " + total
                    + " node(s) are configured.");
            return false;
        }
        if (required < total) {
            out("Note: Command requires " + required + " node(s) " + detail + "; using " + required + " of " + total
                    + " configured node(s).");
            plan.peers = new ArrayList<>(plan.peers.subList(0, required - 1));
        }
        return true;
    }

    /** {@code docker ps | grep -q NAME}: a substring of any running container's line counts. */
    private boolean listedByDockerPs(SimulatedSpark target) {
        return target.docker().containers().stream().filter(SimContainer::isRunning)
                .anyMatch(c -> String.join(" ", DockerPs.model(c, false).values().stream().map(String::valueOf)
                        .toList()).contains(plan.containerName));
    }

    /** Prints the container log from {@code index} while {@code alive} holds and the caller is there. */
    private void followLog(SimContainer container, int index, BooleanSupplier alive) throws InterruptedException {
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

    private int usage() {
        LaunchOptions.usage(argv0).forEach(this::out);
        return 1;
    }

    private void out(String line) {
        call.outLine(line);
    }
}
