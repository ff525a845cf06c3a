package com.sparkcontrol.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where one simulated Spark lives on the host: its HOME (with the spark-vllm-docker checkout, the HF cache
 * and {@code ~/.ssh}), the bin dir holding the command shims, and its host key.
 */
final class SparkHome {

    final Path root;
    final Path home;
    final Path bin;
    final Path repo;
    final Path hub;
    final Path sshDir;
    final Path authorizedKeys;
    final Path hostKey;

    SparkHome(Path nodeRoot, String user) {
        this.root = nodeRoot;
        this.home = nodeRoot.resolve("home").resolve(user);
        this.bin = nodeRoot.resolve("sim-bin");
        this.repo = home.resolve("spark-vllm-docker");
        this.hub = home.resolve(".cache/huggingface/hub");
        this.sshDir = home.resolve(".ssh");
        this.authorizedKeys = sshDir.resolve("authorized_keys");
        this.hostKey = nodeRoot.resolve("etc/ssh/ssh_host_ed25519_key");
    }

    void create() {
        try {
            Files.createDirectories(bin);
            Files.createDirectories(repo);
            Files.createDirectories(hub);
            Files.createDirectories(home.resolve(".cache/vllm"));
            Files.createDirectories(sshDir);
            Files.setPosixFilePermissions(sshDir, PosixFilePermissions.fromString("rwx------"));
            if (!Files.exists(authorizedKeys)) {
                Files.createFile(authorizedKeys);
            }
            Files.setPosixFilePermissions(authorizedKeys, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
