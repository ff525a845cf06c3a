package com.sparkcontrol.sim;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code docker inspect}, {@code docker container inspect} and {@code docker image inspect}: docker's JSON
 * (indented like Go's MarshalIndent) or {@code -f/--format} templates such as {@code {{.State.Running}}} and
 * {@code {{.Id}}}. Environment values are never kept, so {@code Config.Env} shows names with masked values.
 */
final class DockerInspect implements DockerSubcommand {

    /** Which objects a name may refer to. */
    enum Kind { ANY, CONTAINER, IMAGE }

    static final long VLLM_IMAGE_BYTES = 35_208_123_456L;
    private static final ObjectWriter JSON = new ObjectMapper().writer(new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n")));

    private final Kind kind;
    private final DockerFlags flags = new DockerFlags().value("-f", "--format").value("--type").bool("-s", "--size");

    DockerInspect(Kind kind) {
        this.kind = kind;
    }

    @Override
    public int run(Invocation call, List<String> args) throws Exception {
        String command = kind == Kind.IMAGE ? "image inspect" : kind == Kind.CONTAINER ? "container inspect" : "inspect";
        DockerFlags.Parsed parsed = flags.parseOrReport(call, command, args, false);
        if (parsed == null) {
            return 125;
        }
        if (parsed.positionals().isEmpty()) {
            return DockerSubcommand.requires(call, command, "at least 1 argument");
        }
        Kind effective = kind;
        if ("image".equals(parsed.value("--type"))) {
            effective = Kind.IMAGE;
        } else if ("container".equals(parsed.value("--type"))) {
            effective = Kind.CONTAINER;
        }
        List<Map<String, Object>> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String ref : parsed.positionals()) {
            Optional<Map<String, Object>> object = lookup(call.node(), ref, effective);
            if (object.isPresent()) {
                found.add(object.get());
            } else {
                errors.add(switch (effective) {
                    case IMAGE -> "Error response from daemon: No such image: " + ImageRegistry.normalize(ref);
                    case CONTAINER -> "Error response from daemon: No such container: " + ref;
                    default -> "Error: No such object: " + ref;
                });
            }
        }
        String format = parsed.value("--format");
        if (format == null || format.equals("json")) {
            call.outLine(JSON.writeValueAsString(found));
        } else {
            StringBuilder out = new StringBuilder();
            for (Map<String, Object> object : found) {
                try {
                    out.append(DockerTemplate.render(format, object, false, "")).append('\n');
                } catch (DockerTemplate.TemplateError e) {
                    call.errLine(e.getMessage());
                    return 1;
                }
            }
            call.out(out.toString());
        }
        errors.forEach(call::errLine);
        return errors.isEmpty() ? 0 : 1;
    }

    private static Optional<Map<String, Object>> lookup(SimulatedSpark node, String ref, Kind kind) {
        if (kind != Kind.IMAGE) {
            Optional<SimContainer> container = node.docker().find(ref);
            if (container.isPresent()) {
                return Optional.of(container(container.get()));
            }
        }
        if (kind != Kind.CONTAINER) {
            Optional<String> id = node.docker().imageId(ref);
            if (id.isEmpty() && ref.startsWith("sha256:")) {
                id = node.docker().images().values().stream().filter(ref::equals).findFirst();
            }
            if (id.isPresent()) {
                return Optional.of(image(node, ref, id.get()));
            }
        }
        return Optional.empty();
    }

    static Map<String, Object> container(SimContainer c) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Status", c.state());
        state.put("Running", c.isRunning());
        state.put("Paused", false);
        state.put("Restarting", false);
        state.put("OOMKilled", false);
        state.put("Dead", false);
        state.put("Pid", c.isRunning() ? c.pid() : 0);
        state.put("ExitCode", c.exitCode());
        state.put("Error", "");
        state.put("StartedAt", DockerText.rfc3339Nano(c.startedAt()));
        state.put("FinishedAt", DockerText.rfc3339Nano(c.finishedAt()));
        Map<String, Object> restart = new LinkedHashMap<>();
        String policy = c.restartPolicy();
        restart.put("Name", policy.startsWith("on-failure") ? "on-failure" : policy);
        restart.put("MaximumRetryCount", policy.contains(":") ? Integer.parseInt(policy.substring(policy.indexOf(':') + 1)) : 0);
        Map<String, Object> portBindings = new LinkedHashMap<>();
        for (String mapping : c.ports()) {
            String[] parts = mapping.split(":");
            String containerPort = parts[parts.length - 1];
            String hostPort = parts.length >= 2 ? parts[parts.length - 2] : containerPort;
            portBindings.put(containerPort.contains("/") ? containerPort : containerPort + "/tcp",
                    List.of(Map.of("HostIp", "", "HostPort", hostPort)));
        }
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("Binds", c.volumes());
        host.put("NetworkMode", c.network());
        host.put("PortBindings", portBindings);
        host.put("RestartPolicy", restart);
        host.put("AutoRemove", c.autoRemove());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Hostname", c.shortId());
        config.put("Env", c.envNames().stream().map(name -> name + "=********").toList());
        config.put("Cmd", c.command());
        config.put("Image", c.image());
        config.put("WorkingDir", SimContainer.WORKDIR);
        config.put("Entrypoint", null);
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("Id", c.id());
        object.put("Created", DockerText.rfc3339Nano(c.created()));
        object.put("Path", c.command().isEmpty() ? "" : c.command().get(0));
        object.put("Args", c.command().isEmpty() ? List.of() : c.command().subList(1, c.command().size()));
        object.put("State", state);
        object.put("Image", c.imageId());
        object.put("Name", "/" + c.name());
        object.put("RestartCount", 0);
        object.put("Driver", "overlay2");
        object.put("Platform", "linux");
        object.put("HostConfig", host);
        object.put("Config", config);
        return object;
    }

    static Map<String, Object> image(SimulatedSpark node, String ref, String id) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Env", List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        config.put("Cmd", DockerRun.defaultCommand(ref));
        config.put("WorkingDir", ref.contains("vllm") ? SimContainer.WORKDIR : "/");
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("Id", id);
        object.put("RepoTags", node.docker().images().entrySet().stream()
                .filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).toList());
        object.put("RepoDigests", List.of());
        object.put("Created", DockerText.rfc3339Nano(node.docker().imageCreated(ref)));
        object.put("Architecture", "arm64");
        object.put("Os", "linux");
        object.put("Size", imageBytes(ref));
        object.put("Config", config);
        return object;
    }

    static long imageBytes(String ref) {
        return ref.contains("vllm") ? VLLM_IMAGE_BYTES : 8_312_456_789L;
    }
}
