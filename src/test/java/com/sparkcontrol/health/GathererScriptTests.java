package com.sparkcontrol.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sparkcontrol.ssh.CommandResult;
import com.sparkcontrol.ssh.RemoteCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gatherer script itself, run by a real bash on this Linux machine (its real {@code /proc} and {@code df}),
 * with stand-in {@code nvidia-smi} and {@code docker} first on the PATH.
 */
@EnabledOnOs(OS.LINUX)
class GathererScriptTests {

    @TempDir
    Path home;
    Path bin;

    @BeforeEach
    void fakeTools() throws IOException {
        bin = Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve(".cache/huggingface"));
        tool("nvidia-smi", "echo '" + Fixtures.NVIDIA_SMI_GB10 + "'");
        tool("docker", "echo '{\"Names\":\"vllm_node\",\"Image\":\"vllm-node\",\"State\":\"running\",\"Status\":\"Up 1 minute\"}'");
    }

    void tool(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/bash\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    SparkReading run() throws Exception {
        return run(GathererScript.COMMAND);
    }

    SparkReading run(RemoteCommand command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command.line()).redirectErrorStream(false);
        builder.directory(home.toFile());
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("HF_HOME");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        SparkGatherer gatherer = new SparkGatherer(null, null, new CpuStatParser(), null, null, Fixtures.properties());
        return gatherer.read("spark1", new CommandResult(exit, out, err), Instant.now(), 1);
    }

    @Test
    void printsEveryFigureOfThisMachine() throws Exception {
        SparkReading r = run();

        assertThat(r.notes()).isEmpty();
        assertThat(r.memory().totalBytes()).isPositive();
        assertThat(r.memory().availableBytes()).isPositive();
        assertThat(r.memory().unified()).isTrue();
        assertThat(r.cpu().cores()).isPositive();
        assertThat(r.cpu().load1()).isNotNull();
        assertThat(r.gpu().name()).isEqualTo("NVIDIA GB10");
        assertThat(r.disk().path()).isEqualTo(home.resolve(".cache/huggingface").toString());
        assertThat(r.disk().totalBytes()).isPositive();
        assertThat(r.disk().freeBytes()).isNotNull();
        assertThat(r.containers()).extracting(SparkReading.Container::name).containsExactly("vllm_node");
    }

    @Test
    void aHungToolCostsOnlyItsOwnSection() throws Exception {
        tool("nvidia-smi", "sleep 30");

        SparkReading r = run();

        assertThat(r.gpu().count()).isZero();
        assertThat(r.notes()).containsExactly("nvidia-smi: no answer within 3 s");
        assertThat(r.memory().totalBytes()).isPositive();
        assertThat(r.containers()).hasSize(1);
    }

    @Test
    void aFailingToolIsNamedInTheNotes() throws Exception {
        tool("docker", "echo 'permission denied' >&2; exit 1");
        tool("nvidia-smi", "echo -n 'garbage without newline'");

        SparkReading r = run();

        assertThat(r.containers()).isNull();
        assertThat(r.notes()).containsExactlyInAnyOrder("docker: failed (exit 1)", "nvidia-smi: output not understood");
    }

    @Nested
    class LauncherCheck {

        Path launcher(String dir, String permissions) throws IOException {
            Path file = Files.createDirectories(home.resolve(dir)).resolve("launch-cluster.sh");
            Files.writeString(file, "#!/bin/bash\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
            return file;
        }

        @Test
        void anExecutableLauncherInTheHomeRelativeRepoDirIsFound() throws Exception {
            launcher("spark-vllm-docker", "rwxr-xr-x");

            SparkReading r = run(GathererScript.withLauncherCheck("~/spark-vllm-docker"));

            assertThat(r.launcherFound()).isTrue();
            assertThat(r.notes()).isEmpty();
        }

        @Test
        void aLauncherThatCannotBeExecutedIsNotFound() throws Exception {
            launcher("spark-vllm-docker", "rw-r--r--");

            assertThat(run(GathererScript.withLauncherCheck("~/spark-vllm-docker")).launcherFound()).isFalse();
        }

        @Test
        void aMissingRepoDirIsNotFoundAndCostsNoOtherFigure() throws Exception {
            SparkReading r = run(GathererScript.withLauncherCheck("~/no-such-checkout"));

            assertThat(r.launcherFound()).isFalse();
            assertThat(r.memory().totalBytes()).isPositive();
            assertThat(r.containers()).hasSize(1);
        }

        @Test
        void theRepoDirIsOneQuotedWordWhateverItHolds() throws Exception {
            launcher("spark vllm $(touch expanded)", "rwxr-xr-x");
            launcher("spark-vllm-docker", "rwxr-xr-x");

            assertThat(run(GathererScript.withLauncherCheck("~/spark vllm $(touch expanded)")).launcherFound()).isTrue();
            assertThat(run(GathererScript.withLauncherCheck("~/nowhere; cd spark-vllm-docker; true #")).launcherFound()).isFalse();
            assertThat(home.resolve("expanded")).doesNotExist();
        }

        @Test
        void aCheckThatHangsIsUnknownAndCostsNoOtherFigure() throws Exception {
            launcher("spark-vllm-docker", "rwxr-xr-x");
            tool("sh", "sleep 30"); // the check's shell stuck, as on a hung mount

            SparkReading r = run(GathererScript.withLauncherCheck("~/spark-vllm-docker"));

            assertThat(r.launcherFound()).isNull();
            assertThat(r.notes()).containsExactly("repo dir check: no answer within 3 s");
            assertThat(r.memory().totalBytes()).isPositive();
            assertThat(r.gpu().name()).isEqualTo("NVIDIA GB10");
            assertThat(r.containers()).hasSize(1);
        }

        @Test
        void aSparkNotAskedHasNoAnswer() throws Exception {
            launcher("spark-vllm-docker", "rwxr-xr-x");

            assertThat(run().launcherFound()).isNull();
        }
    }
}
