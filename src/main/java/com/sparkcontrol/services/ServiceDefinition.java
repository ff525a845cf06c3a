package com.sparkcontrol.services;

import com.sparkcontrol.config.BackendUrls.Backend;
import java.util.List;

/**
 * One container Spark Control installs and runs on a Spark: everything its lifecycle commands are built
 * from, and nothing else. Built-ins come from {@code services/builtin-services.yaml}, custom services from
 * {@code <data>/services-overrides.yaml}; both are validated by {@link ServiceDefinitionReader}.
 *
 * @param name          the service's name in {@code /api/services/{name}}
 * @param node          where it runs: a Spark id ({@code spark2}) or a role ({@code audio}, {@code head})
 * @param container     the Docker container name ({@code parakeet-asr})
 * @param image         the image reference
 * @param ports         {@code host:container} publications; the first one is where the service answers
 * @param volumes       {@code volume:/path} or {@code /host:/path}, with an optional {@code :ro}
 * @param dockerOptions extra {@code docker run} options (built-ins only, e.g. {@code --shm-size=8g})
 * @param args          arguments after the image (the container's command)
 * @param env           the container's environment; values holding a secret reference go over stdin
 * @param gpu           {@code --gpus all}
 * @param restartPolicy {@code --restart} policy
 * @param healthPath    the HTTP path that answers 200 when the service is ready
 * @param gatewayPrefix the path apps use on the gateway (custom services: routed by this package)
 * @param upstreamPath  what the gateway prefix maps to on the service ({@code ""} strips the prefix)
 * @param login         a registry to log in to before pulling, or null
 * @param overlay       files copied into another service's container, or null
 * @param hostedBy      the service whose container this one lives in (the diarizer lives in Parakeet), or null
 * @param backend       where {@link com.sparkcontrol.config.BackendUrls} finds a built-in, or null
 * @param builtIn       bundled with Spark Control rather than declared by the operator
 * @param description   one line for the dashboard
 */
public record ServiceDefinition(
        String name,
        String node,
        String container,
        String image,
        List<PortMapping> ports,
        List<String> volumes,
        List<String> dockerOptions,
        List<String> args,
        List<EnvEntry> env,
        boolean gpu,
        String restartPolicy,
        String healthPath,
        String gatewayPrefix,
        String upstreamPath,
        RegistryLogin login,
        Overlay overlay,
        String hostedBy,
        Backend backend,
        boolean builtIn,
        String description) {

    public ServiceDefinition {
        ports = List.copyOf(ports);
        volumes = List.copyOf(volumes);
        dockerOptions = List.copyOf(dockerOptions);
        args = List.copyOf(args);
        env = List.copyOf(env);
    }

    /** {@code 9000:9000}: a port on the Spark published from a port in the container. */
    public record PortMapping(int host, int container) {
        @Override
        public String toString() {
            return host + ":" + container;
        }
    }

    /**
     * One environment variable. A value with a secret reference ({@code ${ngc-api-key}}, {@code ${hf-token}},
     * {@code ${env:NAME}}) is resolved when the action runs and reaches the Spark only over stdin; an
     * optional one is left out when its secret is not configured.
     */
    public record EnvEntry(String name, String value, boolean optional) {
        public boolean secret() {
            return SecretResolver.hasReference(value);
        }

        @Override
        public String toString() {
            return name + "=" + (secret() ? value : "<literal>");
        }
    }

    /** {@code docker login <registry> -u <username> --password-stdin}, the password a secret reference. */
    public record RegistryLogin(String registry, String username, String passwordRef) {}

    /**
     * Files shipped in the jar under {@code source} and copied into the host service's container at
     * {@code target} with {@code docker cp}; {@code verifyPath} answers (not 404) once they are loaded.
     */
    public record Overlay(String source, List<String> files, String target, String verifyPath) {
        public Overlay {
            files = List.copyOf(files);
        }
    }

    /** True for a service that is an overlay inside another service's container. */
    public boolean isOverlay() {
        return hostedBy != null;
    }
}
