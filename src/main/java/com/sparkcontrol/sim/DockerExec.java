package com.sparkcontrol.sim;

import java.util.List;

/** {@code docker exec [-d] [-i] [-t] [-e K=V] [-w DIR] <container> <cmd…>}: runs the command in {@link ContainerShell}. */
final class DockerExec implements DockerSubcommand {

    private final DockerFlags flags = new DockerFlags()
            .bool("-d", "--detach").bool("-i", "--interactive").bool("-t", "--tty").bool("--privileged")
            .value("-e", "--env").value("--env-file").value("-w", "--workdir").value("-u", "--user")
            .value("--detach-keys");

    @Override
    public int run(Invocation call, List<String> args) throws Exception {
        DockerFlags.Parsed parsed = flags.parseOrReport(call, "exec", args, true);
        if (parsed == null) {
            return 125;
        }
        if (parsed.positionals().size() < 2) {
            return DockerSubcommand.requires(call, "exec", "at least 2 arguments");
        }
        String ref = parsed.positionals().get(0);
        SimContainer container = call.node().docker().find(ref).orElse(null);
        if (container == null) {
            return DockerSubcommand.noSuchContainer(call, ref);
        }
        if (!container.isRunning()) {
            call.errLine("Error response from daemon: container " + container.id() + " is not running");
            return 1;
        }
        List<String> command = parsed.positionals().subList(1, parsed.positionals().size());
        String workdir = parsed.value("--workdir") == null ? SimContainer.WORKDIR : parsed.value("--workdir");
        return new ContainerShell(call, call.node(), container, workdir).exec(command, parsed.has("--detach"));
    }
}
