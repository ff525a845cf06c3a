package com.sparkcontrol.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import com.sparkcontrol.config.DataDirectory;
import com.sparkcontrol.config.SparkControlProperties;
import com.sparkcontrol.config.SparkNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class KeyInstallCommandTests {

    @TempDir
    Path temp;

    static SparkControlProperties properties(Path data, Map<String, String> values) {
        Map<String, String> all = new java.util.HashMap<>(values);
        all.put("spark-control.data-dir", data.toString());
        return new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("spark-control", SparkControlProperties.class);
    }

    @Test
    void keyIsGeneratedOnceAndReusedAfterRestart() throws Exception {
        SparkControlProperties props = properties(temp.resolve("data"), Map.of());
        SshKeyStore first = new SshKeyStore(new DataDirectory(props));
        SshKeyStore second = new SshKeyStore(new DataDirectory(props));

        assertThat(second.publicKeyLine()).isEqualTo(first.publicKeyLine()).startsWith("ssh-ed25519 AAAA").endsWith(" spark-control");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.privateKeyFile()))).isEqualTo("rw-------");
        assertThat(Files.readString(first.privateKeyFile())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
    }

    @Test
    void withoutHostsThereIsNoCommandYet() {
        SparkControlProperties props = properties(temp.resolve("data"), Map.of());
        KeyInstallCommand install = new KeyInstallCommand(new SshKeyStore(new DataDirectory(props)), new SparkNodes(props));
        assertThat(install.command()).isNull();
    }

    @Test
    void pastedCommandAddsTheKeyOnEverySparkExactlyOnceEvenWhenRunTwice() throws Exception {
        SparkControlProperties props = properties(temp.resolve("data"), Map.of(
                "spark-control.spark1.host", "10.0.0.1", "spark-control.spark1.user", "nvidia",
                "spark-control.spark2.host", "10.0.0.2", "spark-control.spark2.user", "nvidia", "spark-control.spark2.ssh-port", "2222"));
        SshKeyStore keys = new SshKeyStore(new DataDirectory(props));
        String command = new KeyInstallCommand(keys, new SparkNodes(props)).command();
        assertThat(command.lines()).hasSize(2);
        assertThat(command).contains("ssh nvidia@10.0.0.1 ").contains("ssh -p 2222 nvidia@10.0.0.2 ");

        // A fake `ssh` that does what sshd does with the last argument: run it with the user's shell, here in a per-host HOME.
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path fakeSsh = bin.resolve("ssh");
        Files.writeString(fakeSsh, """
                #!/bin/bash
                while [[ "$1" == -* ]]; do shift 2; done
                host="${1#*@}"; shift
                mkdir -p "$HOMES/$host"
                HOME="$HOMES/$host" exec bash -c "$1"
                """);
        fakeSsh.toFile().setExecutable(true);
        for (int run = 0; run < 2; run++) {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
            builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            builder.environment().put("HOMES", temp.resolve("homes").toString());
            Process real = builder.start();
            String output = new String(real.getInputStream().readAllBytes());
            assertThat(real.waitFor()).as(output).isZero();
        }
        for (String host : List.of("10.0.0.1", "10.0.0.2")) {
            Path authorized = temp.resolve("homes").resolve(host).resolve(".ssh/authorized_keys");
            assertThat(Files.readAllLines(authorized)).containsExactly(keys.publicKeyLine());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(authorized))).isEqualTo("rw-------");
        }
    }
}
