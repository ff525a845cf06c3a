package com.sparkcontrol.sim;

import java.util.List;
import java.util.Map;

/**
 * The simulated {@code docker} CLI: dispatches to one class per subcommand, including the
 * {@code docker container …} and {@code docker image …} forms. State lives in the node's {@link DockerEngine}.
 */
final class DockerCommand implements SimCommand {

    private final DockerLogs logs = new DockerLogs();
    private final DockerPs ps = new DockerPs();
    private final DockerRun run = new DockerRun(false);
    private final DockerRun create = new DockerRun(true);
    private final DockerExec exec = new DockerExec();
    private final DockerCp cp = new DockerCp();
    private final DockerPull pull = new DockerPull();
    private final DockerLoginCommand login = new DockerLoginCommand();
    private final DockerImages images = new DockerImages();
    private final Map<String, DockerSubcommand> subcommands = Map.ofEntries(
            Map.entry("ps", ps),
            Map.entry("logs", logs),
            Map.entry("run", run),
            Map.entry("create", create),
            Map.entry("exec", exec),
            Map.entry("cp", cp),
            Map.entry("pull", pull),
            Map.entry("login", login),
            Map.entry("images", images::list),
            Map.entry("tag", images::tag),
            Map.entry("rmi", images::remove),
            Map.entry("inspect", new DockerInspect(DockerInspect.Kind.ANY)),
            Map.entry("start", new DockerLifecycle(DockerLifecycle.Action.START)),
            Map.entry("stop", new DockerLifecycle(DockerLifecycle.Action.STOP)),
            Map.entry("restart", new DockerLifecycle(DockerLifecycle.Action.RESTART)),
            Map.entry("kill", new DockerLifecycle(DockerLifecycle.Action.KILL)),
            Map.entry("rm", new DockerLifecycle(DockerLifecycle.Action.REMOVE)),
            Map.entry("version", DockerCommand::version));
    private final Map<String, DockerSubcommand> containerGroup = Map.ofEntries(
            Map.entry("ls", ps),
            Map.entry("ps", ps),
            Map.entry("list", ps),
            Map.entry("logs", logs),
            Map.entry("run", run),
            Map.entry("create", create),
            Map.entry("exec", exec),
            Map.entry("cp", cp),
            Map.entry("inspect", new DockerInspect(DockerInspect.Kind.CONTAINER)),
            Map.entry("start", new DockerLifecycle(DockerLifecycle.Action.START)),
            Map.entry("stop", new DockerLifecycle(DockerLifecycle.Action.STOP)),
            Map.entry("restart", new DockerLifecycle(DockerLifecycle.Action.RESTART)),
            Map.entry("kill", new DockerLifecycle(DockerLifecycle.Action.KILL)),
            Map.entry("rm", new DockerLifecycle(DockerLifecycle.Action.REMOVE)));
    private final Map<String, DockerSubcommand> imageGroup = Map.ofEntries(
            Map.entry("ls", images::list),
            Map.entry("list", images::list),
            Map.entry("inspect", new DockerInspect(DockerInspect.Kind.IMAGE)),
            Map.entry("pull", pull),
            Map.entry("tag", images::tag),
            Map.entry("rm", images::remove));

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
