package com.sparkcontrol.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registries the Sparks pull from, as far as the simulator needs them: which references exist, which need
 * a login (nvcr.io), and each image's current ID, which {@link #publishUpdate} changes like a new nightly.
 */
final class ImageRegistry {

    private static final Set<String> OFFICIAL = Set.of("ubuntu", "debian", "alpine", "busybox", "python", "nginx");

    private final Map<String, Integer> generations = new ConcurrentHashMap<>();

    /** {@code vllm-node} → {@code vllm-node:latest}; {@code docker.io/library/x} → {@code x:latest}. */
    static String normalize(String ref) {
        String name = ref;
        if (name.startsWith("docker.io/")) {
            name = name.substring("docker.io/".length());
        }
        if (name.startsWith("library/")) {
            name = name.substring("library/".length());
        }
        int slash = name.lastIndexOf('/');
        if (name.indexOf(':', slash + 1) < 0 && !name.contains("@")) {
            name = name + ":latest";
        }
        return name;
    }

    /** The repository part of a reference, as {@code docker pull} names it ({@code eugr/spark-vllm}). */
    static String repository(String ref) {
        String normalized = normalize(ref);
        int slash = normalized.lastIndexOf('/');
        int colon = normalized.indexOf(':', slash + 1);
        return colon < 0 ? normalized : normalized.substring(0, colon);
    }

    static String tag(String ref) {
        String normalized = normalize(ref);
        return normalized.substring(repository(ref).length() + 1);
    }

    /** Whether {@code docker pull} finds it: namespaced images and a few official ones; local tags do not exist. */
    boolean exists(String ref) {
        String repository = repository(ref);
        return repository.contains("/") || OFFICIAL.contains(repository);
    }

    boolean requiresLogin(String ref) {
        return normalize(ref).startsWith("nvcr.io/");
    }

    static String registryHost(String ref) {
        String normalized = normalize(ref);
        int slash = normalized.indexOf('/');
        if (slash > 0) {
            String first = normalized.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return first;
            }
        }
        return "docker.io";
    }

    String currentId(String ref) {
        return idOf(normalize(ref) + "#" + generations.getOrDefault(normalize(ref), 0));
    }

    void publishUpdate(String ref) {
        generations.merge(normalize(ref), 1, Integer::sum);
    }

    /** Files an image brings along; spark-vllm-docker images carry {@code /workspace/build-metadata.yaml}. */
    static Map<String, String> imageFiles(String ref, String imageId) {
        Map<String, String> files = new LinkedHashMap<>();
        String hex = imageId.substring("sha256:".length());
        if (ref.contains("vllm")) {
            files.put("/workspace/build-metadata.yaml", """
                    build_date: 2026-11-27T03:12:44Z
                    build_script_commit: 358bf26e3d7d315450a6159ccdc0b38cbbd6b855
                    vllm_version: 0.11.2.dev412+g%s
                    vllm_commit: %s
                    flashinfer_commit: %s
                    gpu_arch: 12.1a
                    base_image: nvcr.io/nvidia/pytorch:25.10-py3
                    build_args:
                      vllm_repo: "https://github.com/vllm-project/vllm.git"
                      vllm_ref: main
                      torch_version: "2.13.0"
                      transformers_5: true
                      exp_mxfp4: false
                      vllm_prs: ""
                      build_jobs: 16
                    """.formatted(hex.substring(0, 9), hex.substring(0, 40), hex.substring(24, 64)));
        }
        return files;
    }

    static String idOf(String seed) {
        return "sha256:" + sha256Hex(seed);
    }

    static String sha256Hex(String seed) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
