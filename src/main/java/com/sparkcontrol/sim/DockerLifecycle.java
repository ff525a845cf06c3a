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
    public int run(Invocation call, List<String> args) throws InterruptedException {
        String name = action == Action.REMOVE ? "rm" : action.name().toLowerCase(Locale.ROOT);
        DockerFlags.Parsed parsed = flags.parseOrReport(call, name, args, false);
        if (parsed == null) {
            return 125;
        }
        if (parsed.positionals().isEmpty()) {
            return DockerSubcommand.requires(call, name, "at least 1 argument");
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
            String error = apply(docker, container, parsed.has("--force"), timeout(parsed.value("--time")));
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

    private static java.time.Duration timeout(String seconds) {
        try {
            return seconds == null ? null : java.time.Duration.ofSeconds(Long.parseLong(seconds));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Applies the action; returns docker's error text, or null. */
    private String apply(DockerEngine docker, SimContainer container, boolean force, java.time.Duration timeout)
            throws InterruptedException {
        switch (action) {
            case START -> docker.start(container);
            case STOP -> docker.stopGracefully(container, timeout);
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
