package com.sparkcontrol.services;

import com.sparkcontrol.services.ServiceDefinition.EnvEntry;
import com.sparkcontrol.services.ServiceDefinition.Overlay;
import com.sparkcontrol.services.ServiceDefinition.PortMapping;
import com.sparkcontrol.services.ServiceDefinition.RegistryLogin;
import com.sparkcontrol.ssh.RemoteCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Builds the commands of each lifecycle action from a service's definition and nothing else: every word is
 * quoted by {@link RemoteCommand}, and secrets travel on stdin. {@code docker login --password-stdin} reads
 * the registry password; {@code docker run} gets secret variables as {@code -e NAME} (name only), taking
 * their values from its own environment, which a fixed wrapper script fills from stdin.
 */
@Component
class ServiceCommands {

    /**
     * Reads {@code NAME=value} lines from stdin until an empty line, exports them, then runs its arguments.
     * Constant: the variable parts are its quoted arguments, never spliced into it.
     */
    static final String EXPORT_STDIN_THEN_EXEC =
            "while IFS= read -r assignment && [ -n \"$assignment\" ]; do export \"$assignment\"; done; exec \"$@\"";
    /** Where overlay files are staged on the Spark before {@code docker cp}, relative to the SSH user's home. */
    static final String OVERLAY_STAGE = ".spark-control/overlays/";

    /** The commands of one action, and the secret values they carry (masked in any output line). */
    record Plan(List<ServiceStep> steps, Set<String> secrets) {}

    private final SecretResolver secrets;
    private final ServicesProperties properties;

    ServiceCommands(SecretResolver secrets, ServicesProperties properties) {
        this.secrets = secrets;
        this.properties = properties;
    }

    /** The first secret this service's install needs that is not configured, as the setting to fill in. */
    Optional<String> missingSecret(ServiceDefinition d) {
        if (d.login() != null) {
            Optional<String> missing = secrets.firstMissing(d.login().passwordRef());
            if (missing.isPresent()) {
                return missing.map(SecretResolver::settingOf);
            }
        }
        for (EnvEntry e : d.env()) {
            if (e.secret() && !e.optional()) {
                Optional<String> missing = secrets.firstMissing(e.value());
                if (missing.isPresent()) {
                    return missing.map(SecretResolver::settingOf);
                }
            }
        }
        return Optional.empty();
    }

    /** [log in] + pull + [remove the old container] + run. */
    Plan install(ServiceDefinition d, boolean containerExists) {
        Set<String> secretValues = new LinkedHashSet<>();
        List<ServiceStep> steps = new ArrayList<>();
        RegistryLogin login = d.login();
        if (login != null) {
            String password = secrets.resolve(login.passwordRef());
            secretValues.add(password);
            steps.add(new ServiceStep("log in to " + login.registry(),
                    RemoteCommand.of("docker", "login", login.registry(), "-u", login.username(), "--password-stdin"),
                    password.getBytes(StandardCharsets.UTF_8), properties.actionTimeout()));
        }
        steps.add(new ServiceStep("pull " + d.image(), RemoteCommand.of("docker", "pull", d.image()), properties.installTimeout()));
        if (containerExists) {
            steps.add(new ServiceStep("remove the old " + d.container(), RemoteCommand.of("docker", "rm", "-f", d.container()),
                    properties.actionTimeout()));
        }
        steps.add(run(d, secretValues));
        return new Plan(steps, secretValues);
    }

    Plan start(ServiceDefinition d) {
        return single("start " + d.container(), RemoteCommand.of("docker", "start", d.container()));
    }

    Plan stop(ServiceDefinition d) {
        return single("stop " + d.container(), RemoteCommand.of("docker", "stop", d.container()));
    }

    Plan restart(ServiceDefinition d) {
        return single("restart " + d.container(), RemoteCommand.of("docker", "restart", d.container()));
    }

    Plan remove(ServiceDefinition d) {
        return single("remove " + d.container(), RemoteCommand.of("docker", "rm", "-f", d.container()));
    }

    /**
     * Stages the overlay's files on the Spark (each sent on stdin), copies the folder into the container with
     * {@code docker cp} and restarts the container so its Python loads them.
     */
    Plan applyOverlay(ServiceDefinition overlayService) {
        Overlay overlay = overlayService.overlay();
        String stage = OVERLAY_STAGE + overlayService.name();
        List<ServiceStep> steps = new ArrayList<>();
        steps.add(new ServiceStep("prepare " + stage, RemoteCommand.of("rm", "-rf", "--", stage)
                .then(RemoteCommand.of("mkdir", "-p", "--", stage)), properties.actionTimeout()));
        for (String file : overlay.files()) {
            steps.add(new ServiceStep("send " + file, RemoteCommand.of("dd", "of=" + stage + "/" + file, "status=none"),
                    overlayFile(overlay, file), properties.actionTimeout()));
        }
        steps.add(new ServiceStep("copy the overlay into " + overlayService.container(),
                RemoteCommand.of("docker", "cp", stage + "/.", overlayService.container() + ":" + overlay.target()),
                properties.actionTimeout()));
        steps.add(new ServiceStep("restart " + overlayService.container(),
                RemoteCommand.of("docker", "restart", overlayService.container()), properties.actionTimeout()));
        return new Plan(steps, Set.of());
    }

    /** Deletes the overlay's folder inside the container and restarts it without the overlay. */
    Plan removeOverlay(ServiceDefinition overlayService) {
        Overlay overlay = overlayService.overlay();
        List<String> rm = new ArrayList<>(List.of("exec", overlayService.container(), "rm", "-rf", "--"));
        overlay.files().forEach(file -> rm.add(overlay.target() + "/" + file));
        rm.add(overlay.target());
        List<ServiceStep> steps = List.of(
                new ServiceStep("delete the overlay from " + overlayService.container(), RemoteCommand.of("docker", rm),
                        properties.actionTimeout()),
                new ServiceStep("restart " + overlayService.container(),
                        RemoteCommand.of("docker", "restart", overlayService.container()), properties.actionTimeout()));
        return new Plan(steps, Set.of());
    }

    private ServiceStep run(ServiceDefinition d, Set<String> secretValues) {
        List<String> argv = new ArrayList<>(List.of("run", "-d", "--name", d.container(), "--restart", d.restartPolicy()));
        if (d.gpu()) {
            argv.addAll(List.of("--gpus", "all"));
        }
        for (PortMapping p : d.ports()) {
            argv.addAll(List.of("-p", p.toString()));
        }
        argv.addAll(d.dockerOptions());
        for (String v : d.volumes()) {
            argv.addAll(List.of("-v", v));
        }
        StringBuilder secretStdin = new StringBuilder();
        for (EnvEntry e : d.env()) {
            if (!e.secret()) {
                argv.addAll(List.of("-e", e.name() + "=" + e.value()));
            } else if (secrets.firstMissing(e.value()).isEmpty()) {
                String value = secrets.resolve(e.value());
                secretValues.add(value);
                argv.addAll(List.of("-e", e.name()));
                secretStdin.append(e.name()).append('=').append(value).append('\n');
            }
            // an optional secret that is not configured is left out
        }
        argv.add(d.image());
        argv.addAll(d.args());
        String description = "create and start " + d.container();
        if (secretStdin.isEmpty()) {
            return new ServiceStep(description, RemoteCommand.of("docker", argv), properties.actionTimeout());
        }
        List<String> wrapped = new ArrayList<>(List.of("-c", EXPORT_STDIN_THEN_EXEC, "spark-control-env", "docker"));
        wrapped.addAll(argv);
        secretStdin.append('\n');
        return new ServiceStep(description, RemoteCommand.of("bash", wrapped),
                secretStdin.toString().getBytes(StandardCharsets.UTF_8), properties.actionTimeout());
    }

    private Plan single(String description, RemoteCommand command) {
        return new Plan(List.of(new ServiceStep(description, command, properties.actionTimeout())), Set.of());
    }

    private static byte[] overlayFile(Overlay overlay, String file) {
        String resource = overlay.source() + "/" + file;
        try (InputStream in = ServiceCommands.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the overlay file " + resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
