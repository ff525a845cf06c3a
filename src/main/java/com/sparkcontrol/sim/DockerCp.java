package com.sparkcontrol.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code docker cp SRC CONTAINER:PATH} (files or directories, {@code dir/.} for contents) and
 * {@code docker cp CONTAINER:PATH DEST}. Copied-in files live in the container's overlay, so a recreated
 * container no longer has them, as with a real {@code docker cp} patch.
 */
final class DockerCp implements DockerSubcommand {

    private final DockerFlags flags = new DockerFlags().bool("-a", "--archive").bool("-L", "--follow-link")
            .bool("-q", "--quiet");

    @Override
    public int run(Invocation call, List<String> args) throws IOException {
        DockerFlags.Parsed parsed = flags.parseOrReport(call, "cp", args, false);
        if (parsed == null) {
            return 125;
        }
        if (parsed.positionals().size() != 2) {
            return DockerSubcommand.requires(call, "cp", "2 arguments");
        }
        String src = parsed.positionals().get(0);
        String dst = parsed.positionals().get(1);
        boolean quiet = parsed.has("--quiet");
        if (isContainerPath(dst) && !isContainerPath(src)) {
            return copyIn(call, src, dst, quiet);
        }
        if (isContainerPath(src) && !isContainerPath(dst)) {
            return copyOut(call, src, dst, quiet);
        }
        call.errLine("copying between containers is not supported");
        return 1;
    }

    private static boolean isContainerPath(String arg) {
        int colon = arg.indexOf(':');
        return colon > 0 && !arg.startsWith("/") && !arg.startsWith(".");
    }

    private static int copyIn(Invocation call, String src, String dst, boolean quiet) throws IOException {
        String ref = dst.substring(0, dst.indexOf(':'));
        String target = dst.substring(dst.indexOf(':') + 1);
        SimContainer container = call.node().docker().find(ref).orElse(null);
        if (container == null) {
            return DockerSubcommand.noSuchContainer(call, ref);
        }
        boolean contentsOnly = src.endsWith("/.");
        Path source = call.resolve(contentsOnly ? src.substring(0, src.length() - 2) : src);
        if (!Files.exists(source)) {
            call.errLine("lstat " + source + ": no such file or directory");
            return 1;
        }
        String base = SimContainer.normalize(target);
        boolean intoDir = target.endsWith("/") || container.hasDir(base);
        Map<String, byte[]> files = new TreeMap<>();
        if (Files.isDirectory(source)) {
            String root = contentsOnly || !intoDir ? base : base + "/" + source.getFileName();
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    files.put(root + "/" + source.relativize(file), Files.readAllBytes(file));
                }
            }
            container.makeDir(root);
        } else {
            files.put(intoDir ? base + "/" + source.getFileName() : base, Files.readAllBytes(source));
        }
        long bytes = 0;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            container.putFile(file.getKey(), file.getValue());
            bytes += file.getValue().length;
        }
        if (!quiet) {
            call.errLine("Successfully copied " + DockerText.humanSize(Math.max(bytes, 512), 4) + " to " + dst);
        }
        return 0;
    }

    private static int copyOut(Invocation call, String src, String dst, boolean quiet) throws IOException {
        String ref = src.substring(0, src.indexOf(':'));
        String path = src.substring(src.indexOf(':') + 1);
        SimContainer container = call.node().docker().find(ref).orElse(null);
        if (container == null) {
            return DockerSubcommand.noSuchContainer(call, ref);
        }
        String content = container.file(path).orElse(null);
        if (content == null) {
            call.errLine("Error response from daemon: Could not find the file " + path + " in container " + ref);
            return 1;
        }
        Path target = call.resolve(dst);
        if (Files.isDirectory(target)) {
            target = target.resolve(Path.of(path).getFileName().toString());
        }
        Files.writeString(target, content);
        if (!quiet) {
            call.errLine("Successfully copied " + DockerText.humanSize(Math.max(content.length(), 512), 4) + " to "
                    + target);
        }
        return 0;
    }
}
