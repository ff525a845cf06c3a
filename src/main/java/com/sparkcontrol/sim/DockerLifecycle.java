package com.sparkcontrol.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code docker start|stop|restart|kill|rm} on one or more containers, with docker's per-container output and
 * errors. Each start or stop toggles the container's registered backend; {@code rm} drops its log and files.
 */
final class DockerLifecycle implements DockerSubcommand {

    /** Which of the five commands this is. */
    enum Action { START, STOP, RESTART, KILL, REMOVE }

    private final Action action;
    private final DockerFlags flags;

    DockerLifecycle(Action action) {
        this.action = action;
        this.flags = switch (action) {
            case START -> new DockerFlags().bool("-a", "--attach").bool("-i", "--interactive");
            case STOP, RESTART -> new DockerFlags().value("-t", "--time", "--timeout").value("-s", "--signal");
            case KILL -> new DockerFlags().value("-s", "--signal");
            case REMOVE -> new DockerFlags().bool("-f", "--force").bool("-v", "--volumes").bool("-l", "--link");
        };
    }

    @Override
    public int run(Invocation call, List<String> args) {
        String name = action == Action.REMOVE ? "rm" : action.name().toLowerCase(Locale.ROOT);
        DockerFlags.Parsed parsed;
        try {
            parsed = flags.parse(args, false);
        } catch (DockerFlags.UsageError e) {
            return DockerSubcommand.usage(call, name, e.getMessage());
        }
        if (parsed.positionals().isEmpty()) {
            call.errLine("docker: 'docker " + name + "' requires at least 1 argument.");
            call.errLine("See 'docker " + name + " --help'.");
            return 1;
        }
        DockerEngine docker = call.node().docker();
        List<String> failed = new ArrayList<>();
        for (String ref : parsed.positionals()) {
            SimContainer container = docker.find(ref).orElse(null);
            if (container == null) {
                DockerSubcommand.noSuchContainer(call, ref);
                failed.add(ref);
                continue;
            }
            String error = apply(docker, container, parsed.has("--force"));
            if (error == null) {
                call.outLine(ref);
            } else {
                call.errLine(error);
                failed.add(ref);
            }
        }
        if (!failed.isEmpty() && action == Action.START) {
            call.errLine("Error: failed to start containers: " + String.join(", ", failed));
        }
        return failed.isEmpty() ? 0 : 1;
    }

    /** Applies the action; returns docker's error text, or null. */
    private String apply(DockerEngine docker, SimContainer container, boolean force) {
        switch (action) {
            case START -> docker.start(container);
            case STOP -> docker.stop(container);
            case RESTART -> docker.restart(container);
            case KILL -> {
                if (!container.isRunning()) {
                    return "Error response from daemon: cannot kill container: " + container.name() + ": container "
                            + container.id() + " is not running";
                }
                docker.kill(container, 137);
            }
            case REMOVE -> {
                if (container.isRunning() && !force) {
                    return "Error response from daemon: cannot remove container \"/" + container.name()
                            + "\": container is running: stop the container before removing or force remove";
                }
                docker.remove(container);
            }
            default -> throw new IllegalStateException();
        }
        return null;
    }
}
