package com.sparkcontrol.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What one launch-cluster.sh run works with, resolved in the script's order before it prints its header:
 * {@code .env} (strict syntax), CLI precedence, {@code CONTAINER_*} variables, launch script and mods, then the
 * nodes: solo, {@code -n}/{@code CLUSTER_NODES}, or autodiscovery ({@code --setup} saves it). Failures print
 * the script's lines and end the run with {@link ScriptExit}.
 */
final class LaunchPlan {

    final LaunchOptions opts;
    String containerName = "vllm_node";
    String ethIf;
    String ibIf;
    String masterPort = "29501";
    String headIp;
    String action;
    List<String> peers = new ArrayList<>();
    final List<String> containerEnvNames = new ArrayList<>();
    final List<Path> mods = new ArrayList<>();
    boolean solo;
    boolean noRay = true;
    Path launchScript;

    private final Invocation call;
    private final SimulatedSpark node;
    private DotEnv env = DotEnv.empty();
    private String localIp;

    private LaunchPlan(Invocation call, LaunchOptions opts) {
        this.call = call;
        this.node = call.node();
        this.opts = opts;
    }

    static LaunchPlan resolve(Invocation call, LaunchOptions opts, String argv0) throws IOException {
        LaunchPlan plan = new LaunchPlan(call, opts);
        plan.resolve(argv0);
        return plan;
    }

    private void resolve(String argv0) throws IOException {
        Path configFile = opts.config == null ? node.repoDir().resolve(".env") : call.resolve(opts.config);
        if (Files.isRegularFile(configFile)) {
            out("Loading configuration from .env file...");
            env = DotEnv.read(configFile).orElseThrow(() -> fail("Error: Invalid .env file syntax. Aborting."));
            StringBuilder keys = new StringBuilder();
            env.sortedKeys().forEach(key -> keys.append("DOTENV_").append(key).append(' '));
            out("Loaded .env variables: " + keys);
        }
        String nodesArg = opts.nodes != null ? opts.nodes : env.get("CLUSTER_NODES");
        ethIf = opts.ethIf != null ? opts.ethIf : env.get("ETH_IF");
        ibIf = opts.ibIf != null ? opts.ibIf : env.get("IB_IF");
        if (opts.masterPort != null) {
            masterPort = opts.masterPort;
        } else if (env.get("MASTER_PORT") != null) {
            masterPort = env.get("MASTER_PORT");
        }
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
            throw fail("       Remove --keep-entrypoint so earlyoom can run as the foreground process.");
        }
        if (opts.launchScript != null) {
            resolveLaunchScript();
        }
        validateMods();
        if (opts.config != null && !Files.exists(configFile) && !opts.setup) {
            throw fail("Error: Config file not found: " + configFile);
        }
        action = opts.action == null && launchScript != null ? "exec" : opts.action;
        if (opts.setup) {
            out("Running full autodiscovery (--setup)...");
            ethIf = null;
            ibIf = null;
            localIp = null;
            detectInterfaces();
            detectLocalIp();
            nodesArg = scanForPeers();
            saveConfig(configFile);
            if (action == null) {
                throw new ScriptExit(0);
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
                if (!ip.isBlank() && !ip.strip().equals(localIp)) {
                    peers.add(ip.strip());
                }
            }
        }
        headIp = localIp;
        if (Stream.of(nodesArg.split(",")).map(String::strip).noneMatch(headIp::equals)) {
            throw fail("Error: Local IP (" + headIp + ") is not in the list of nodes (" + nodesArg + ").");
        }
        if (!solo && peers.isEmpty()) {
            out("Only local node detected/configured. Activating solo mode (no Ray cluster).");
            solo = true;
        }
        if (solo && opts.ray) {
            throw fail("Error: --ray is incompatible with --solo or a single-node configuration.");
        }
        if (solo && opts.noRayExplicit) {
            throw fail("Error: --no-ray is incompatible with --solo or a single-node configuration.");
        }
        noRay = !opts.ray && !solo;
        if (!opts.publish.isEmpty() && !solo) {
            throw fail("Error: -p/--publish port forwarding is only supported in solo mode. Use --solo or remove "
                    + "port mappings for cluster mode.");
        }
    }

    private void resolveLaunchScript() {
        Path repo = node.repoDir();
        for (Path candidate : List.of(call.resolve(opts.launchScript),
                repo.resolve("examples").resolve(opts.launchScript),
                repo.resolve("examples").resolve(opts.launchScript + ".sh"))) {
            if (Files.isRegularFile(candidate)) {
                launchScript = candidate;
                out("Using launch script: " + candidate);
                return;
            }
        }
        out("Error: Launch script '" + opts.launchScript + "' not found.");
        out("Searched in:");
        out("  - " + opts.launchScript);
        out("  - " + repo + "/examples/" + opts.launchScript);
        throw fail("  - " + repo + "/examples/" + opts.launchScript + ".sh");
    }

    private void validateMods() throws IOException {
        for (String mod : opts.mods) {
            Path path = call.resolve(mod);
            if (!Files.exists(path)) {
                throw fail("Error: Mod path '" + mod + "' does not exist.");
            }
            if (Files.isDirectory(path)) {
                if (!Files.isRegularFile(path.resolve("run.sh"))) {
                    throw fail("Error: Mod directory '" + mod + "' must contain 'run.sh'.");
                }
            } else if (mod.endsWith(".zip")) {
                if (!zipHasRunScript(path)) {
                    throw fail("Error: Mod zip file '" + mod + "' must contain 'run.sh'.");
                }
            } else {
                throw fail("Error: --apply-mod '" + mod + "' must be a directory or a .zip file.");
            }
            mods.add(path);
        }
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

    /** {@code save_config} with stdin at EOF: every prompt takes its default (yes), nothing is echoed. */
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

    /** The peer behind a cluster address, when the head's passwordless ssh would reach it. */
    Optional<SimulatedSpark> peer(String address) {
        return node.cluster().nodeByAddress(address).filter(SimulatedSpark::acceptsPeerSsh);
    }

    private ScriptExit fail(String line) {
        out(line);
        return new ScriptExit(1);
    }

    private void out(String line) {
        call.outLine(line);
    }
}
