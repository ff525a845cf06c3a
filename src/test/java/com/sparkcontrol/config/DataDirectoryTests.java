package com.sparkcontrol.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTests {

    @TempDir
    Path root;

    DataDirectory dataDirectory() {
        return new DataDirectory(root, Clock.fixed(Instant.parse("2026-11-29T10:15:30Z"), ZoneOffset.UTC));
    }

    @Test
    void writerDyingMidWriteLeavesTheOldFileIntact() throws IOException {
        DataDirectory data = dataDirectory();
        data.writeAtomically("state.json", "{\"version\":1}".getBytes(StandardCharsets.UTF_8));
        Path file = data.resolve("state.json");

        assertThatThrownBy(() -> data.writeAtomically(file, out -> {
            out.write("{\"version\":2, \"half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("writer died");
        }, null)).hasRootCauseMessage("writer died");

        assertThat(Files.readString(file)).isEqualTo("{\"version\":1}");
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("state.json", "ssh");
        }
    }

    @Test
    void writerKilledMidWriteInAnotherProcessLeavesTheOldFileIntact() throws Exception {
        // A real crash: a JVM writing through DataDirectory is killed with SIGKILL while its writer blocks.
        DataDirectory data = dataDirectory();
        data.writeAtomically("state.json", "old".getBytes(StandardCharsets.UTF_8));
        Path marker = root.resolve("started");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SlowWriter.class.getName(), root.toString(), marker.toString())
                .redirectErrorStream(true).start();
        for (int i = 0; i < 600 && !Files.exists(marker); i++) {
            Thread.sleep(50);
        }
        assertThat(marker).exists();
        child.destroyForcibly().waitFor();

        assertThat(Files.readString(data.resolve("state.json"))).isEqualTo("old");
        assertThat(data.read("state.json", bytes -> new String(bytes, StandardCharsets.UTF_8))).contains("old");
    }

    /** Writes half a file, signals, then blocks forever: the parent kills it. */
    public static final class SlowWriter {
        public static void main(String[] args) throws Exception {
            DataDirectory data = new DataDirectory(Path.of(args[0]), Clock.systemUTC());
            data.writeAtomically(data.resolve("state.json"), out -> {
                out.write("new but incomplete".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Files.writeString(Path.of(args[1]), "x");
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, null);
        }
    }

    @Test
    void corruptFileIsSetAsideWithATimestampAndReadsAsAbsent() throws IOException {
        DataDirectory data = dataDirectory();
        Files.writeString(root.resolve("connectivity.json"), "{not json");

        var value = data.read("connectivity.json", bytes -> new com.fasterxml.jackson.databind.ObjectMapper().readTree(bytes));

        assertThat(value).isEmpty();
        assertThat(root.resolve("connectivity.json")).doesNotExist();
        assertThat(root.resolve("connectivity.json.corrupt-20261129T101530Z")).hasContent("{not json");
    }

    @Test
    void sshDirectoryIsOwnerOnly() throws IOException {
        DataDirectory data = dataDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.sshDir()))).isEqualTo("rwx------");
    }

    @Test
    void keyFilesAreWrittenOwnerOnly() throws IOException {
        DataDirectory data = dataDirectory();
        Path key = data.sshDir().resolve("id_test");
        data.writeAtomically(key, "secret".getBytes(StandardCharsets.UTF_8), DataDirectory.OWNER_ONLY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void pathsCannotEscapeTheDataDirectory() {
        assertThatThrownBy(() -> dataDirectory().resolve("../outside")).isInstanceOf(IllegalArgumentException.class);
    }
}
