package com.sparkcontrol.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * {@code docker run} (and {@code docker create}): parses docker's run flags, pulls a missing image, refuses a
 * taken name with docker's conflict error, and starts the container (its backend comes up). Environment
 * variables from {@code -e} and {@code --env-file} are kept by name only.
 */
final class DockerRun implements DockerSubcommand {

    private static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(:\\d+)?");
    private static final List<String> ADJECTIVES = List.of("brave", "eager", "jolly", "keen", "quirky", "serene");
    private static final List<String> SCIENTISTS = List.of("curie", "hopper", "lovelace", "noether", "turing");

    private final boolean createOnly;
    private final DockerFlags flags = new DockerFlags()
            .bool("-d", "--detach").bool("--rm").bool("-i", "--interactive").bool("-t", "--tty")
            .bool("--privileged").bool("--init").bool("-P", "--publish-all").bool("--read-only")
            .value("--name").value("-e", "--env").value("--env-file").value("-p", "--publish")
            .value("-v", "--volume").value("--mount").value("--restart").value("--gpus").value("--network", "--net")
            .value("--ipc").value("--ulimit").value("--entrypoint").value("--shm-size").value("-w", "--workdir")
            .value("-u", "--user").value("-l", "--label").value("-m", "--memory").value("--memory-swap")
            .value("--cap-add").value("--cap-drop").value("--device").value("--runtime").value("--pull")
            .value("--pids-limit").value("--health-cmd").value("--health-interval").value("--health-timeout")
            .value("--health-retries").value("-h", "--hostname").value("--add-host").value("--cpus")
            .value("--log-driver").value("--log-opt").value("--security-opt").value("--group-add")
            .value("--stop-timeout").value("--platform");

    DockerRun(boolean createOnly) {
        this.createOnly = createOnly;
    }

    @Override
    public int run(Invocation call, List<String> args) {
        String command = createOnly ? "create" : "run";
        DockerFlags.Parsed parsed;
        try {
            parsed = flags.parse(args, true);
        } catch (DockerFlags.UsageError e) {
            return fail(call, command, e.getMessage());
        }
        if (parsed.positionals().isEmpty()) {
            return DockerSubcommand.requires(call, command, "at least 1 argument");
        }
        String image = parsed.positionals().get(0);
        List<String> cmd = parsed.positionals().subList(1, parsed.positionals().size());
        String restart = parsed.value("--restart") == null ? "no" : parsed.value("--restart");
        if (!RESTART.matcher(restart).matches()) {
            return fail(call, command, "docker: invalid restart policy format: " + restart);
        }
        List<String> envNames = new ArrayList<>();
        parsed.all("--env").forEach(kv -> envNames.add(name(kv)));
        for (String file : parsed.all("--env-file")) {
            Path path = call.resolve(file);
            try {
                for (String line : Files.readAllLines(path)) {
                    String trimmed = line.strip();
                    if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                        envNames.add(name(trimmed));
                    }
                }
            } catch (IOException e) {
                return fail(call, command, "docker: open " + path + ": no such file or directory");
            }
        }
        DockerEngine docker = call.node().docker();
        String name = parsed.value("--name") == null ? randomName() : parsed.value("--name");
        SimContainer existing = docker.find(name).filter(c -> c.name().equals(name)).orElse(null);
        if (existing != null) {
            return fail(call, command, "docker: Error response from daemon: Conflict. The container name \"/" + name
                    + "\" is already in use by container \"" + existing.id() + "\". You have to remove (or rename) "
                    + "that container to be able to reuse that name.");
        }
        if (docker.imageId(image).isEmpty()) {
            call.errLine("Unable to find image '" + ImageRegistry.normalize(image) + "' locally");
            String error = DockerPull.pull(call, image, call::errLine);
            if (error != null) {
                return fail(call, command, "docker: " + error);
            }
        }
        if (cmd.isEmpty() && parsed.value("--entrypoint") == null) {
            cmd = defaultCommand(image);
        }
        ContainerSpec spec = new ContainerSpec(name, image, cmd, envNames, parsed.all("--publish"),
                parsed.all("--volume"), restart, parsed.has("--rm"),
                parsed.value("--network") == null ? "bridge" : parsed.value("--network"),
                parsed.value("--gpus") == null ? "" : parsed.value("--gpus"));
        SimContainer container = docker.create(spec);
        if (createOnly) {
            call.outLine(container.id());
            return 0;
        }
        docker.start(container);
        if (parsed.has("--detach")) {
            call.outLine(container.id());
            return 0;
        }
        return attach(call, container);
    }

    /** Attached run: stream the container's output until it stops; the container outlives a vanished client. */
    private static int attach(Invocation call, SimContainer container) throws ClientGoneException {
        int index = 0;
        while (true) {
            boolean running = container.isRunning();
            List<ContainerLog.Entry> fresh = container.log().from(index);
            index += fresh.size();
            for (ContainerLog.Entry entry : fresh) {
                if (entry.stderr()) {
                    call.errLine(entry.text());
                } else {
                    call.outLine(entry.text());
                }
            }
            if (!running) {
                return container.exitCode();
            }
            try {
                container.log().await(index, 200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            }
            call.checkAlive();
        }
    }

    private static int fail(Invocation call, String command, String message) {
        call.errLine(message);
        call.errLine("");
        call.errLine("Run 'docker " + command + " --help' for more information");
        return 125;
    }

    private static String name(String assignment) {
        int eq = assignment.indexOf('=');
        return eq < 0 ? assignment : assignment.substring(0, eq);
    }

    private static String randomName() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "_" + SCIENTISTS.get(random.nextInt(SCIENTISTS.size()));
    }

    /** What the image runs when no command is given (shown by {@code docker ps} as COMMAND). */
    static List<String> defaultCommand(String image) {
        String lower = image.toLowerCase(Locale.ROOT);
        if (lower.contains("kokoro")) {
            return List.of("./entrypoint.sh");
        }
        if (lower.contains("parakeet") || lower.startsWith("nvcr.io/nim")) {
            return List.of("/opt/nim/start_server.sh");
        }
        if (lower.contains("text-embeddings")) {
            return List.of("text-embeddings-router", "--json-output");
        }
        if (lower.contains("vllm")) {
            return List.of("bash");
        }
        return List.of("/docker-entrypoint.sh");
    }
}
