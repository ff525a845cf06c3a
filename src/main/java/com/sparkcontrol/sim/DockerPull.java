package com.sparkcontrol.sim;

import java.util.List;
import java.util.function.Consumer;

/**
 * {@code docker pull}: the non-TTY progress lines (layers pulled, digest, status), "Image is up to date"
 * when the local ID matches the registry's, and docker's errors for unknown or unauthorized images.
 * {@code docker run} and build-and-copy.sh reuse {@link #pull} for implicit pulls.
 */
final class DockerPull implements DockerSubcommand {

    private final DockerFlags flags = new DockerFlags()
            .bool("-q", "--quiet").bool("-a", "--all-tags").value("--platform");

    @Override
    public int run(Invocation call, List<String> args) {
        DockerFlags.Parsed parsed = flags.parseOrReport(call, "pull", args, false);
        if (parsed == null) {
            return 125;
        }
        if (parsed.positionals().size() != 1) {
            return DockerSubcommand.requires(call, "pull", "1 argument");
        }
        Consumer<String> out = parsed.has("--quiet") ? line -> { } : call::outLine;
        String error = pull(call, parsed.positionals().get(0), out);
        if (error != null) {
            call.errLine(error);
            return 1;
        }
        if (parsed.has("--quiet")) {
            call.outLine(fullName(parsed.positionals().get(0)));
        }
        return 0;
    }

    /** Pulls into the caller's node; returns docker's error message, or null on success. */
    static String pull(Invocation call, String ref, Consumer<String> out) {
        SimulatedSpark node = call.node();
        ImageRegistry registry = node.cluster().registry();
        String repository = ImageRegistry.repository(ref);
        String tag = ImageRegistry.tag(ref);
        String host = ImageRegistry.registryHost(ref);
        if (registry.requiresLogin(ref) && !node.docker().isLoggedIn(host)) {
            return "Error response from daemon: Head \"https://" + host + "/v2/"
                    + repository.substring(host.length() + 1) + "/manifests/" + tag
                    + "\": unauthorized: authentication required";
        }
        if (!registry.exists(ref)) {
            return "Error response from daemon: pull access denied for " + repository
                    + ", repository does not exist or may require 'docker login': denied: requested access to the "
                    + "resource is denied";
        }
        String id = registry.currentId(ref);
        String digest = "sha256:" + ImageRegistry.sha256Hex("digest/" + id);
        out.accept(tag + ": Pulling from " + repository);
        String localId = node.docker().imageId(ref).orElse(null);
        if (id.equals(localId)) {
            out.accept("Digest: " + digest);
            out.accept("Status: Image is up to date for " + ImageRegistry.normalize(ref));
        } else {
            List<String> layers = List.of(layer(id, 0), layer(id, 1), layer(id, 2), layer(id, 3), layer(id, 4));
            int kept = localId == null ? 0 : 3;
            long step = Math.max(5, Math.min(300, node.cluster().downloadTime().toMillis() / 110));
            for (int i = 0; i < layers.size(); i++) {
                out.accept(layers.get(i) + (i < kept ? ": Already exists" : ": Pulling fs layer"));
            }
            for (int i = kept; i < layers.size(); i++) {
                call.pause(step);
                out.accept(layers.get(i) + ": Verifying Checksum");
                out.accept(layers.get(i) + ": Download complete");
            }
            for (int i = kept; i < layers.size(); i++) {
                call.pause(step / 2);
                out.accept(layers.get(i) + ": Pull complete");
            }
            out.accept("Digest: " + digest);
            out.accept("Status: Downloaded newer image for " + ImageRegistry.normalize(ref));
            node.docker().putImage(ref, id);
        }
        out.accept(fullName(ref));
        return null;
    }

    static String fullName(String ref) {
        String normalized = ImageRegistry.normalize(ref);
        if (!ImageRegistry.registryHost(ref).equals("docker.io")) {
            return normalized;
        }
        return "docker.io/" + (normalized.contains("/") ? "" : "library/") + normalized;
    }

    private static String layer(String imageId, int index) {
        return ImageRegistry.sha256Hex(imageId + "/layer/" + index).substring(0, 12);
    }
}
