package com.sparkcontrol.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code -c/--copy-to [hosts…]} handling shared by hf-download.sh and build-and-copy.sh: the flag
 * swallows every following non-flag word as a host (the {@code -c Org/Model} pitfall), and with no hosts
 * falls back to {@code COPY_HOSTS} from {@code .env}, then to autodiscovery.
 */
final class CopyHosts {

    final List<String> hosts = new ArrayList<>();
    boolean requested;

    /** Consumes {@code -c} and its hosts starting at {@code index}; returns the index of the last word used. */
    int consume(List<String> args, int index) {
        requested = true;
        int i = index + 1;
        while (i < args.size() && !args.get(i).startsWith("-")) {
            for (String part : args.get(i).split(",")) {
                String host = part.replaceAll("\\s", "");
                if (!host.isEmpty()) {
                    hosts.add(host);
                }
            }
            i++;
        }
        return i - 1;
    }

    /**
     * Fills in hosts when {@code -c} came without any, printing what the scripts print; empty when
     * autodiscovery found nobody (the caller exits 1).
     */
    Optional<List<String>> resolve(Invocation call, Path envFile, String discoveredLabel) throws IOException {
        if (!requested || !hosts.isEmpty()) {
            return Optional.of(hosts);
        }
        DotEnv env = Files.isRegularFile(envFile) ? DotEnv.read(envFile).orElse(DotEnv.empty()) : DotEnv.empty();
        String fromEnv = env.get("COPY_HOSTS");
        if (fromEnv != null) {
            call.outLine("Using COPY_HOSTS from .env: " + fromEnv);
            hosts.addAll(List.of(fromEnv.split(",")));
            return Optional.of(hosts);
        }
        SimulatedSpark node = call.node();
        call.outLine("No hosts specified. Using autodiscovery...");
        call.outLine("Auto-detecting interfaces...");
        call.outLine("  Non-mesh mode: 2 CX7 interfaces active.");
        call.outLine("  Detected IB_IF: " + SimulatedSpark.IB_IF);
        call.outLine("  Detected ETH_IF: " + SimulatedSpark.ETH_IF);
        call.outLine("  Detected Local IP: " + node.ip() + " (" + node.ip() + "/24)");
        String clusterNodes = env.get("CLUSTER_NODES");
        if (clusterNodes != null) {
            call.outLine("  Using CLUSTER_NODES from .env: " + clusterNodes);
            for (String ip : clusterNodes.split(",")) {
                if (!ip.strip().equals(node.ip())) {
                    hosts.add(ip.strip());
                }
            }
        } else {
            call.outLine("Auto-detecting nodes on " + node.ip() + "/24 (checking for NVIDIA GB10)...");
            for (SimulatedSpark other : node.cluster().nodes()) {
                if (other != node && other.acceptsPeerSsh()) {
                    call.outLine("  Found GB10 peer: " + other.ip());
                    hosts.add(other.ip());
                }
            }
        }
        if (hosts.isEmpty()) {
            call.outLine("Error: Autodiscovery found no other nodes.");
            return Optional.empty();
        }
        call.outLine(discoveredLabel + String.join(" ", hosts));
        return Optional.of(hosts);
    }

    /** {@code HH:MM:SS} as the scripts' {@code printf '%02d:%02d:%02d'} prints elapsed seconds. */
    static String clock(long seconds) {
        return String.format("%02d:%02d:%02d", seconds / 3600, seconds % 3600 / 60, seconds % 60);
    }

    /** What ssh/rsync print when the host cannot be reached. */
    static void unreachable(Invocation call, String host) {
        call.errLine("ssh: connect to host " + host + " port 22: Connection refused");
        call.errLine("rsync: connection unexpectedly closed (0 bytes received so far) [sender]");
        call.errLine("rsync error: unexplained error (code 255) at io.c(232) [sender=3.2.7]");
    }
}
