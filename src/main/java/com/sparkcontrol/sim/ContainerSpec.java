package com.sparkcontrol.sim;

import java.util.List;

/** What {@code docker run} asked for; environment variables are kept by name only, never their values. */
record ContainerSpec(String name, String image, List<String> command, List<String> envNames, List<String> ports,
        List<String> volumes, String restartPolicy, boolean autoRemove, String network, String gpus) {

    ContainerSpec {
        command = List.copyOf(command);
        envNames = List.copyOf(envNames);
        ports = List.copyOf(ports);
        volumes = List.copyOf(volumes);
    }

    /** A long-running service container, as seeded by tests and the demo. */
    static ContainerSpec service(String name, String image) {
        return new ContainerSpec(name, image, List.of(), List.of(), List.of(), List.of(), "unless-stopped", false,
                "bridge", "all");
    }
}
