package com.sparkcontrol.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Writes a node's command shims: tiny {@code sh} scripts that {@code exec} the perl client with their own
 * name, so every call lands in the Java handler of the same name. Programs on the PATH go into the bin dir;
 * the spark-vllm-docker scripts only into the checkout, so they must be run as {@code ./x.sh} as on a Spark.
 */
final class ShimInstaller {

    /** Programs on the simulated PATH. {@code cat} is special: only simulated /proc files go to Java. */
    static final List<String> PATH_PROGRAMS = List.of("docker", "nvidia-smi", "df", "git", "nproc");
    static final List<String> REPO_SCRIPTS = List.of("launch-cluster.sh", "hf-download.sh", "build-and-copy.sh");
    static final List<String> PROC_FILES = List.of("/proc/meminfo", "/proc/stat", "/proc/loadavg", "/proc/uptime");
    static final String CLIENT = "sim-client.pl";

    private ShimInstaller() {
    }

    static void install(SparkHome home) {
        try (InputStream client = ShimInstaller.class.getResourceAsStream("/sim/" + CLIENT)) {
            if (client == null) {
                throw new IllegalStateException("missing resource sim/" + CLIENT);
            }
            Files.write(home.bin.resolve(CLIENT), client.readAllBytes());
            for (String program : PATH_PROGRAMS) {
                writeExecutable(home.bin.resolve(program), forward(program));
            }
            writeExecutable(home.bin.resolve("cat"), catShim());
            for (String script : REPO_SCRIPTS) {
                installRepoScript(home, script);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** (Re)writes one spark-vllm-docker script into the checkout, executable, as a clone has it. */
    static void installRepoScript(SparkHome home, String script) throws IOException {
        writeExecutable(home.repo.resolve(script), forward(script));
    }

    private static String forward(String program) {
        return "#!/bin/sh\n"
                + "# Spark Control simulator shim: the real work happens in the simulator's Java handler.\n"
                + "SIM_ARGV0=\"$0\" exec perl \"$SIM_BIN/" + CLIENT + "\" " + program + " \"$@\"\n";
    }

    private static String catShim() {
        return "#!/bin/sh\n"
                + "# Spark Control simulator shim: a GB10's /proc files come from the simulator, the rest from cat.\n"
                + "for a in \"$@\"; do\n"
                + "  case \"$a\" in\n"
                + "    " + String.join("|", PROC_FILES) + ") exec perl \"$SIM_BIN/" + CLIENT + "\" cat \"$@\" ;;\n"
                + "  esac\n"
                + "done\n"
                + "exec /bin/cat \"$@\"\n";
    }

    private static void writeExecutable(Path path, String content) throws IOException {
        Files.writeString(path, content);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
