package com.sparkcontrol.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * launch-cluster.sh's command line, parsed as the script's own loop does: options first, then one action
 * ({@code start|stop|status}) or {@code exec} followed by the command (everything after {@code exec}).
 */
final class LaunchOptions {

    /** A parse error: what the script prints, and whether the usage text follows. */
    static final class ParseError extends Exception {
        final boolean showUsage;

        ParseError(String message, boolean showUsage) {
            super(message, null, false, false);
            this.showUsage = showUsage;
        }
    }

    String nodes;
    String image = "vllm-node";
    String name;
    String ethIf;
    String ibIf;
    String masterPort;
    String config;
    String launchScript;
    String action;
    boolean daemon;
    boolean solo;
    boolean ray;
    boolean noRayExplicit;
    boolean checkConfig;
    boolean setup;
    boolean help;
    boolean keepEntrypoint;
    boolean earlyoom;
    final List<String> envs = new ArrayList<>();
    final List<String> volumes = new ArrayList<>();
    final List<String> publish = new ArrayList<>();
    final List<String> mods = new ArrayList<>();
    final List<String> command = new ArrayList<>();

    static LaunchOptions parse(List<String> args) throws ParseError {
        LaunchOptions o = new LaunchOptions();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String next = i + 1 < args.size() ? args.get(i + 1) : "";
            switch (arg) {
                case "-n", "--nodes" -> { o.nodes = next; i++; }
                case "-t" -> { o.image = next; i++; }
                case "--name" -> { o.name = next; i++; }
                case "--eth-if" -> { o.ethIf = next; i++; }
                case "--ib-if" -> { o.ibIf = next; i++; }
                case "-e", "--env" -> { o.envs.add(next); i++; }
                case "-j", "--mem-limit-gb", "--mem-swap-limit-gb", "--pids-limit", "--shm-size-gb",
                        "--apply-vllm-pr" -> i++;
                case "--apply-mod" -> { o.mods.add(next); i++; }
                case "--launch-script" -> { o.launchScript = next; i++; }
                case "--nccl-debug" -> {
                    if (next.matches("VERSION|WARN|INFO|TRACE")) {
                        i++;
                    }
                }
                case "--master-port", "--head-port" -> { o.masterPort = next; i++; }
                case "-p", "--publish" -> { o.publish.add(next); i++; }
                case "-v", "--volume" -> { o.volumes.add(next); i++; }
                case "--earlyoom-args" -> { o.earlyoom = true; i++; }
                case "--check-config" -> o.checkConfig = true;
                case "--solo" -> o.solo = true;
                case "--ray" -> {
                    if (o.noRayExplicit) {
                        throw new ParseError("Error: --ray and --no-ray are mutually exclusive.", false);
                    }
                    o.ray = true;
                }
                case "--no-ray" -> {
                    if (o.ray) {
                        throw new ParseError("Error: --ray and --no-ray are mutually exclusive.", false);
                    }
                    o.noRayExplicit = true;
                }
                case "--no-cache-dirs", "--non-privileged" -> { }
                case "--keep-entrypoint" -> o.keepEntrypoint = true;
                case "--earlyoom" -> o.earlyoom = true;
                case "-d" -> o.daemon = true;
                case "-h", "--help" -> {
                    o.help = true;
                    return o;
                }
                case "--config" -> { o.config = next; i++; }
                case "--setup", "--discover" -> o.setup = true;
                case "start", "stop", "status" -> {
                    if (o.launchScript != null) {
                        throw new ParseError("Error: Action '" + arg + "' is not compatible with --launch-script. "
                                + "Please omit the action or not use --launch-script.", false);
                    }
                    o.action = arg;
                }
                case "exec" -> {
                    if (o.launchScript != null) {
                        throw new ParseError("Error: Action 'exec' is not compatible with --launch-script. Please "
                                + "omit the action or not use --launch-script.", false);
                    }
                    o.action = "exec";
                    o.command.addAll(args.subList(i + 1, args.size()));
                    return o;
                }
                default -> {
                    if (arg.startsWith("-p=") || arg.startsWith("--publish=")) {
                        o.publish.add(arg.substring(arg.indexOf('=') + 1));
                    } else if (arg.startsWith("-v=") || arg.startsWith("--volume=")) {
                        o.volumes.add(arg.substring(arg.indexOf('=') + 1));
                    } else if (arg.startsWith("--earlyoom-args=")) {
                        o.earlyoom = true;
                    } else {
                        throw new ParseError("Error: Unknown argument or action: " + arg, true);
                    }
                }
            }
        }
        return o;
    }

    /** Usage text; the first line has the script's shape, the rest summarizes the options. */
    static List<String> usage(String argv0) {
        return List.of(
                "Usage: " + argv0 + " [-n <node_ips>] [-t <image_name>] [--name <container_name>] [--eth-if <if_name>] "
                        + "[--ib-if <if_name>] [--nccl-debug <level>] [--check-config] [--solo] [--ray|--no-ray] "
                        + "[-p <host:container>] [-v <local:container>] [-d] [action] [command]",
                "  -n, --nodes     Comma-separated node IPs, head (this machine) included",
                "  -t              Docker image (default: vllm-node)",
                "  --name          Container name (default: vllm_node)",
                "  -e, --env       VAR=val passed to the containers (repeatable)",
                "  -v, --volume    Extra volume mapping (repeatable)",
                "  --apply-mod     Mod directory or zip with run.sh, applied when containers are created",
                "  --launch-script Script to run in the head container instead of an action",
                "  --solo          Only this node, no Ray",
                "  -d              Daemon mode",
                "  --config        .env file (default: .env next to this script)",
                "  action          start | stop | status | exec (Default: start). Not compatible with --launch-script.",
                "  command         Command to run (only for 'exec' action).");
    }
}
