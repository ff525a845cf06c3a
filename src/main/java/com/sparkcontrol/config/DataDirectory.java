package com.sparkcontrol.config;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Owns the data directory: every state file is written atomically (temp file, fsync, rename) so a crash
 * mid-write leaves the previous version intact, and a file that cannot be parsed is set aside, not fatal.
 */
@Component
public class DataDirectory {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Writes a file's content; may throw midway, in which case nothing replaces the old file. */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Turns a file's bytes into a value; throws on content it cannot understand. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(byte[] content) throws Exception;
    }

    private final Path root;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired // two constructors: Spring must be told which one to use
    public DataDirectory(SparkControlProperties properties) {
        this(properties.dataDir(), Clock.systemUTC());
    }

    DataDirectory(Path root, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.clock = clock;
        try {
            Files.createDirectories(this.root);
            Path ssh = Files.createDirectories(this.root.resolve("ssh"));
            restrict(ssh, OWNER_ONLY_DIR);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    /** A path inside the data directory; names that would leave it are refused. */
    public Path resolve(String relative) {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("path escapes the data directory: " + relative);
        }
        return p;
    }

    /** {@code <data>/ssh}, mode 0700. */
    public Path sshDir() {
        return root.resolve("ssh");
    }

    public void writeAtomically(String relative, byte[] content) {
        writeAtomically(resolve(relative), out -> out.write(content), null);
    }

    public void writeAtomically(Path file, byte[] content, Set<PosixFilePermission> permissions) {
        writeAtomically(file, out -> out.write(content), permissions);
    }

    /**
     * Writes to a temp file beside the target, fsyncs it, renames it over the target and fsyncs the
     * directory. If the writer fails, the temp file is removed and the old file is untouched.
     */
    public void writeAtomically(Path file, ContentWriter writer, Set<PosixFilePermission> permissions) {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            if (permissions != null) {
                restrict(temp, permissions);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
            fsyncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: a stray temp file is harmless and never read
                }
            }
        }
    }

    /**
     * Reads and parses a state file. Missing → empty. Unparseable → renamed to
     * {@code <name>.corrupt-<timestamp>} with a warning, then empty, so start-up goes on with defaults.
     */
    public <T> Optional<T> read(String relative, Parser<T> parser) {
        Path file = resolve(relative);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            return Optional.ofNullable(parser.parse(content));
        } catch (Exception e) {
            Path aside = setAside(file);
            log.warn("State file {} could not be read ({}); moved it to {} and continued with defaults",
                    file, e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage()), aside.getFileName());
            return Optional.empty();
        }
    }

    /** Renames a corrupt file out of the way and returns its new path. */
    public Path setAside(Path file) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(clock.instant()));
        try {
            return Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside " + file, e);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // some file systems cannot open directories; the rename itself is still atomic
        }
    }
}
