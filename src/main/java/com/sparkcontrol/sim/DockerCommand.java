package com.sparkcontrol.sim;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulated {@code docker} CLI: dispatches to one class per subcommand, including the
 * {@code docker container …} and {@code docker image …} forms. State lives in the node's {@link DockerEngine}.
 */
final class DockerCommand implements SimCommand {

    private final DockerImages images = new DockerImages();
    private final DockerPull pull = new DockerPull();
    private final Map<String, DockerSubcommand> containerGroup = containerSubcommands();
    private final Map<String, DockerSubcommand> imageGroup = Map.of(
            "ls", images::list,
            "list", images::list,
            "inspect", new DockerInspect(DockerInspect.Kind.IMAGE),
            "pull", pull,
            "tag", images::tag,
            "rm", images::remove);
    private final Map<String, DockerSubcommand> subcommands = topLevel();

    /** {@code docker container <x>}: the container subcommands, plus ls/ps/list and a container-only inspect. */
    private static Map<String, DockerSubcommand> containerSubcommands() {
        DockerPs ps = new DockerPs();
        Map<String, DockerSubcommand> group = new HashMap<>();
        group.put("ls", ps);
        group.put("ps", ps);
        group.put("list", ps);
        group.put("logs", new DockerLogs());
        group.put("run", new DockerRun(false));
        group.put("create", new DockerRun(true));
        group.put("exec", new DockerExec());
        group.put("cp", new DockerCp());
        group.put("inspect", new DockerInspect(DockerInspect.Kind.CONTAINER));
        for (DockerLifecycle.Action action : DockerLifecycle.Action.values()) {
            group.put(action == DockerLifecycle.Action.REMOVE ? "rm" : action.name().toLowerCase(Locale.ROOT),
                    new DockerLifecycle(action));
        }
        return Map.copyOf(group);
    }

    /** The top-level subcommands: the container ones (same instances) and the image and registry ones. */
    private Map<String, DockerSubcommand> topLevel() {
        Map<String, DockerSubcommand> top = new HashMap<>(containerGroup);
        top.remove("ls");
        top.remove("list");
        top.put("inspect", new DockerInspect(DockerInspect.Kind.ANY));
        top.put("pull", pull);
        top.put("login", new DockerLoginCommand());
        top.put("images", images::list);
        top.put("tag", images::tag);
        top.put("rmi", images::remove);
        top.put("version", DockerCommand::version);
        return Map.copyOf(top);
    }

    @Override
    public boolean readsStdin(List<String> args) {
        return !args.isEmpty() && args.get(0).equals("login") && args.contains("--password-stdin");
    }

    @Override
    public int run(Invocation call) throws Exception {
        List<String> args = call.args();
        if (args.isEmpty() || args.get(0).equals("--help")) {
            call.outLine("Usage:  docker [OPTIONS] COMMAND");
            call.outLine("");
            call.outLine("A self-sufficient runtime for containers");
            return 0;
        }
        String name = args.get(0);
        Map<String, DockerSubcommand> table = subcommands;
        List<String> rest = args.subList(1, args.size());
        if ((name.equals("container") || name.equals("image")) && !rest.isEmpty()) {
            table = name.equals("container") ? containerGroup : imageGroup;
            name = rest.get(0);
            rest = rest.subList(1, rest.size());
        }
        DockerSubcommand subcommand = table.get(name);
        if (subcommand == null) {
            call.errLine("docker: unknown command: docker " + String.join(" ", args.subList(0, Math.min(2, args.size()))));
            call.errLine("");
            call.errLine("Run 'docker --help' for more information");
            return 1;
        }
        return subcommand.run(call, rest);
    }

    private static int version(Invocation call, List<String> args) {
        if (args.contains("--format") || args.stream().anyMatch(a -> a.startsWith("--format=") || a.equals("-f"))) {
            call.outLine("28.3.3");
            return 0;
        }
        call.outLine("Client: Docker Engine - Community");
        call.outLine(" Version:           28.3.3");
        call.outLine(" API version:       1.51");
        call.outLine(" OS/Arch:           linux/arm64");
        call.outLine("");
        call.outLine("Server: Docker Engine - Community");
        call.outLine(" Engine:");
        call.outLine("  Version:          28.3.3");
        call.outLine("  API version:      1.51 (minimum version 1.24)");
        call.outLine("  OS/Arch:          linux/arm64");
        return 0;
    }
}
