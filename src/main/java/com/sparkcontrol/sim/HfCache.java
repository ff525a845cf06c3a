package com.sparkcontrol.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One node's Hugging Face hub cache ({@code ~/.cache/huggingface/hub}) in HF's real layout:
 * {@code models--Org--Name/{blobs,snapshots/<commit>,refs/main}}, snapshot entries symlinked to blobs. Weight
 * files are sparse, so they take no disk space yet {@code ls -l} and {@code du --apparent-size} show the
 * simulated sizes; a download in progress is a {@code <blob>.incomplete} file, as with the real client.
 */
final class HfCache {

    static final long SHARD_BYTES = 5_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file of a repo revision. */
    record RepoFile(String name, long size, String blob, boolean lfs) {
    }

    /** The files of a repo at its current commit, in download order. */
    record Revision(String repo, String commit, List<RepoFile> files) {
        long totalBytes() {
            return files.stream().mapToLong(RepoFile::size).sum();
        }

        List<String> shards() {
            return files.stream().map(RepoFile::name).filter(n -> n.endsWith(".safetensors")).toList();
        }
    }

    /** What is on disk for a repo: nothing, an interrupted download, or a complete snapshot. */
    record Status(boolean present, boolean complete, List<String> shards, Optional<String> firstMissing,
            long weightBytes, Path snapshotDir) {
    }

    private final Path hub;

    HfCache(Path hub) {
        this.hub = hub;
    }

    Path hub() {
        return hub;
    }

    static String dirName(String repo) {
        return "models--" + repo.replace("/", "--");
    }

    Path modelDir(String repo) {
        return hub.resolve(dirName(repo));
    }

    /** The revision a download of {@code repo} fetches; deterministic, so every node agrees on it. */
    static Revision revision(String repo, long weightBytes) {
        String commit = ImageRegistry.sha256Hex(repo + "#commit").substring(0, 40);
        List<RepoFile> files = new ArrayList<>();
        for (String name : List.of(".gitattributes", "README.md", "config.json", "generation_config.json",
                "tokenizer_config.json")) {
            files.add(new RepoFile(name, smallContent(repo, name, List.of()).length, gitBlob(repo, name), false));
        }
        files.add(new RepoFile("tokenizer.json", 11_422_654L, lfsBlob(repo, "tokenizer.json"), true));
        int count = (int) Math.max(1, (weightBytes + SHARD_BYTES - 1) / SHARD_BYTES);
        List<String> shardNames = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            shardNames.add(count == 1 ? "model.safetensors"
                    : String.format("model-%05d-of-%05d.safetensors", i, count));
        }
        if (count > 1) {
            String index = "model.safetensors.index.json";
            files.add(new RepoFile(index, smallContent(repo, index, shardNames).length, gitBlob(repo, index), false));
        }
        long remaining = weightBytes;
        for (int i = 0; i < count; i++) {
            long size = i == count - 1 ? remaining : weightBytes / count;
            remaining -= size;
            files.add(new RepoFile(shardNames.get(i), size, lfsBlob(repo, shardNames.get(i)), true));
        }
        return new Revision(repo, commit, files);
    }

    /** Writes {@code refs/main} and the directories, as the client does before fetching any file. */
    void begin(Revision revision) {
        try {
            Path dir = modelDir(revision.repo());
            Files.createDirectories(dir.resolve("blobs"));
            Files.createDirectories(dir.resolve("snapshots").resolve(revision.commit()));
            Files.createDirectories(dir.resolve("refs"));
            Files.writeString(dir.resolve("refs/main"), revision.commit());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean has(Revision revision, RepoFile file) {
        return Files.exists(snapshotEntry(revision, file));
    }

    /** Sets the apparent size of a file being downloaded (creating {@code <blob>.incomplete}). */
    void progress(Revision revision, RepoFile file, long bytes) {
        Path incomplete = incompletePath(revision, file);
        try (RandomAccessFile raf = new RandomAccessFile(incomplete.toFile(), "rw")) {
            raf.setLength(Math.min(bytes, file.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Completes a file: the blob gets its content (small files) or full sparse size, and its snapshot link. */
    void complete(Revision revision, RepoFile file) {
        try {
            Path blob = modelDir(revision.repo()).resolve("blobs").resolve(file.blob());
            Path incomplete = incompletePath(revision, file);
            if (file.lfs()) {
                progress(revision, file, file.size());
                Files.move(incomplete, blob, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.write(blob, smallContent(revision.repo(), file.name(), revision.shards()));
                Files.deleteIfExists(incomplete);
            }
            Path link = snapshotEntry(revision, file);
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of("../../blobs").resolve(file.blob()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts a complete snapshot on disk at once (test and demo seeding, and the target of a copy). */
    void install(Revision revision) {
        begin(revision);
        for (RepoFile file : revision.files()) {
            complete(revision, file);
        }
    }

    Status status(String repo) {
        Path dir = modelDir(repo);
        Path ref = dir.resolve("refs/main");
        if (!Files.isRegularFile(ref)) {
            return new Status(Files.isDirectory(dir), false, List.of(), Optional.of("config.json"), 0, null);
        }
        try {
            Path snapshot = dir.resolve("snapshots").resolve(Files.readString(ref).trim());
            List<String> shards = shardsOf(snapshot);
            Optional<String> missing = Stream.concat(Stream.of("config.json"), shards.stream())
                    .filter(name -> !Files.isRegularFile(snapshot.resolve(name)))
                    .findFirst();
            long bytes = 0;
            for (String shard : shards) {
                Path path = snapshot.resolve(shard);
                if (Files.isRegularFile(path)) {
                    bytes += Files.size(path);
                }
            }
            return new Status(true, missing.isEmpty() && !shards.isEmpty(), shards, missing, bytes, snapshot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The weight shards a snapshot should hold: from its index file, else the single-file name. */
    private static List<String> shardsOf(Path snapshot) throws IOException {
        Path index = snapshot.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(index)) {
            JsonNode weightMap = JSON.readTree(index.toFile()).path("weight_map");
            TreeSet<String> names = new TreeSet<>();
            weightMap.elements().forEachRemaining(node -> names.add(node.asText()));
            return List.copyOf(names);
        }
        return List.of("model.safetensors");
    }

    /** Repos with something on disk, as {@code ls ~/.cache/huggingface/hub} would show them. */
    List<String> repos() {
        List<String> repos = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(hub)) {
            dirs.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("models--"))
                    .sorted()
                    .forEach(n -> repos.add(n.substring("models--".length()).replaceFirst("--", "/")));
        } catch (IOException e) {
            return List.of();
        }
        return repos;
    }

    /** Total apparent size of the cache, for the simulated {@code df}. */
    long apparentBytes() {
        if (!Files.isDirectory(hub)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(hub)) {
            return files.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private Path snapshotEntry(Revision revision, RepoFile file) {
        return modelDir(revision.repo()).resolve("snapshots").resolve(revision.commit()).resolve(file.name());
    }

    private Path incompletePath(Revision revision, RepoFile file) {
        return modelDir(revision.repo()).resolve("blobs").resolve(file.blob() + ".incomplete");
    }

    private static String gitBlob(String repo, String name) {
        return ImageRegistry.sha256Hex(repo + "/" + name).substring(0, 40);
    }

    private static String lfsBlob(String repo, String name) {
        return ImageRegistry.sha256Hex(repo + "/" + name);
    }

    /** Real content for the small files, so tools that read config.json or the index find sane JSON. */
    static byte[] smallContent(String repo, String name, List<String> shards) {
        String text = switch (name) {
            case ".gitattributes" -> "*.safetensors filter=lfs diff=lfs merge=lfs -text\n"
                    + "tokenizer.json filter=lfs diff=lfs merge=lfs -text\n";
            case "README.md" -> "---\nlicense: apache-2.0\nlibrary_name: transformers\n---\n\n# " + repo + "\n";
            case "config.json" -> "{\n  \"architectures\": [\"" + ModelSizes.architecture(repo) + "\"],\n"
                    + "  \"max_position_embeddings\": 32768,\n  \"torch_dtype\": \"bfloat16\"\n}\n";
            case "generation_config.json" -> "{\n  \"do_sample\": true,\n  \"temperature\": 0.7\n}\n";
            case "tokenizer_config.json" -> "{\n  \"model_max_length\": 32768\n}\n";
            case "model.safetensors.index.json" -> indexJson(shards);
            default -> "";
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String indexJson(List<String> shards) {
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (int i = 0; i < shards.size(); i++) {
            weightMap.put("model.layers." + i + ".mlp.down_proj.weight", shards.get(i));
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(Map.of("weight_map", weightMap)) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
