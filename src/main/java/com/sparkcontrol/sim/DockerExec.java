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
        DockerFlags.Parsed parsed;
        try {
            parsed = flags.parse(args, true);
        } catch (DockerFlags.UsageError e) {
            return DockerSubcommand.usage(call, "exec", e.getMessage());
        }
        if (parsed.positionals().size() < 2) {
            call.errLine("docker: 'docker exec' requires at least 2 arguments.");
            call.errLine("See 'docker exec --help'.");
            return 1;
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
