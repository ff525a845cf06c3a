package com.sparkcontrol.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The simulated {@code ./hf-download.sh <Org/Model> [-c [hosts…]] [--copy-parallel] [-u user] [--config f]}:
 * {@code uvx hf download} with tqdm progress on stderr (redrawn with {@code \r}) that writes real files into
 * the node's HF cache over the configured download time, the script's markers on stdout, an rsync-style copy
 * to other nodes, and the timing block. {@code HF_TOKEN} is read from the environment only; a killed download
 * leaves its partial files and prints no "Done" line.
 */
final class HfDownloadCommand implements SimCommand {

    @Override
    public int run(Invocation call) throws Exception {
        SimulatedSpark node = call.node();
        String argv0 = call.env("SIM_ARGV0") == null ? "./hf-download.sh" : call.env("SIM_ARGV0");
        List<String> args = call.args();
        CopyHosts copy = new CopyHosts();
        boolean parallel = false;
        String user = node.user();
        String config = null;
        String model = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-c", "--copy-to", "--copy-to-host", "--copy-to-hosts" -> i = copy.consume(args, i);
                case "--copy-parallel" -> parallel = true;
                case "-u", "--user" -> user = i + 1 < args.size() ? args.get(++i) : "";
                case "--config" -> config = i + 1 < args.size() ? args.get(++i) : "";
                case "-h", "--help" -> {
                    return usage(call, argv0);
                }
                default -> {
                    if (model == null) {
                        model = arg;
                    } else {
                        call.outLine("Error: Unknown parameter: " + arg);
                        return usage(call, argv0);
                    }
                }
            }
        }
        Path envFile = config == null ? node.repoDir().resolve(".env") : call.resolve(config);
        if (config != null && !Files.exists(envFile)) {
            call.outLine("Error: Config file not found: " + envFile);
            return 1;
        }
        if (model == null) {
            call.outLine("Error: Model name is required.");
            return usage(call, argv0);
        }
        Optional<List<String>> hosts = copy.resolve(call, envFile, "Autodiscovered copy hosts: ");
        if (hosts.isEmpty()) {
            return 1;
        }
        long start = System.nanoTime();
        call.outLine("Downloading model '" + model + "' using uvx...");
        HfCache.Revision revision;
        node.downloadStarted();
        try {
            revision = download(call, model);
        } finally {
            node.downloadEnded();
        }
        if (revision == null) {
            call.outLine("Error: Failed to download model '" + model + "'.");
            return 1;
        }
        long downloadSeconds = (System.nanoTime() - start) / 1_000_000_000L;
        call.outLine("Download completed in " + CopyHosts.clock(downloadSeconds));
        Path modelDir = node.hfCache().modelDir(model);
        call.outLine("Model directory: " + modelDir);
        long copySeconds = 0;
        if (!hosts.get().isEmpty()) {
            call.outLine("");
            call.outLine("Copying model to " + hosts.get().size() + " host(s): " + String.join(" ", hosts.get()));
            if (parallel) {
                call.outLine("Parallel copy enabled.");
            }
            long copyStart = System.nanoTime();
            for (String host : hosts.get()) {
                if (!new ModelRsync(call, revision, user, host).run()) {
                    if (parallel) {
                        call.outLine("One or more copies failed.");
                    }
                    return 1;
                }
            }
            copySeconds = (System.nanoTime() - copyStart) / 1_000_000_000L;
            call.outLine("");
            call.outLine("Copy complete.");
        } else {
            call.outLine("No host specified, skipping copy.");
        }
        long total = (System.nanoTime() - start) / 1_000_000_000L;
        TimingBlock.print(call, List.of(TimingBlock.Row.always("Download:   ", downloadSeconds),
                TimingBlock.Row.ifNonZero("Copy:      ", copySeconds), TimingBlock.Row.always("Total:     ", total)));
        call.outLine("Done downloading " + model + ".");
        return 0;
    }

    /** {@code uvx hf download <repo>}: null (after printing the client's error) when it fails. */
    private static HfCache.Revision download(Invocation call, String repo) {
        SimulatedCluster cluster = call.node().cluster();
        String requestId = "Root=1-" + Long.toHexString(System.currentTimeMillis()) + "-"
                + ImageRegistry.sha256Hex(repo).substring(0, 24);
        if (!SimulatedCluster.isWellFormedRepo(repo)) {
            call.errLine("huggingface_hub.errors.HFValidationError: Repo id must use alphanumeric chars or '-', '_', "
                    + "'.', '--' and '..' are forbidden, '-' and '.' cannot start or end the name, max length is 96: '"
                    + repo + "'.");
            return null;
        }
        if (!cluster.repoExists(repo)) {
            call.errLine("huggingface_hub.errors.RepositoryNotFoundError: 404 Client Error. (Request ID: " + requestId
                    + ")");
            call.errLine("");
            call.errLine("Repository Not Found for url: https://huggingface.co/api/models/" + repo + "/revision/main.");
            call.errLine("Please make sure you specified the correct `repo_id` and `repo_type`.");
            call.errLine("If you are trying to access a private or gated repo, make sure you are authenticated. For "
                    + "more details, see https://huggingface.co/docs/huggingface_hub/authentication");
            return null;
        }
        String token = call.env("HF_TOKEN");
        if (cluster.repoGated(repo) && (token == null || token.isBlank())) {
            call.errLine("huggingface_hub.errors.GatedRepoError: 401 Client Error. (Request ID: " + requestId + ")");
            call.errLine("");
            call.errLine("Cannot access gated repo for url https://huggingface.co/api/models/" + repo
                    + "/revision/main.");
            call.errLine("Access to model " + repo + " is restricted. You must have access to it and be authenticated "
                    + "to access it. Please log in.");
            return null;
        }
        HfCache cache = call.node().hfCache();
        HfCache.Revision revision = HfCache.revision(repo, cluster.modelBytes(repo));
        cache.begin(revision);
        List<HfCache.RepoFile> files = revision.files();
        String fetching = "Fetching " + files.size() + " files";
        long totalMillis = Math.max(1, cluster.downloadTime().toMillis());
        double totalBytes = revision.totalBytes();
        long tick = Math.max(20, totalMillis / 60);
        long start = System.nanoTime();
        call.err("\r" + TqdmBar.items(fetching, 0, files.size(), 0));
        int done = 0;
        for (HfCache.RepoFile file : files) {
            if (!cache.has(revision, file)) {
                long fileMillis = Math.max(5, (long) (totalMillis * file.size() / totalBytes));
                if (file.lfs() && file.size() > 100_000_000L) {
                    downloadLarge(call, cache, revision, file, fileMillis, tick);
                } else {
                    call.pause(fileMillis);
                    cache.complete(revision, file);
                }
            }
            done++;
            call.err("\r" + TqdmBar.items(fetching, done, files.size(), seconds(start)));
        }
        call.err("\n");
        call.outLine(cache.modelDir(repo).resolve("snapshots").resolve(revision.commit()).toString());
        return revision;
    }

    private static void downloadLarge(Invocation call, HfCache cache, HfCache.Revision revision, HfCache.RepoFile file,
            long fileMillis, long tick) {
        long start = System.nanoTime();
        int steps = (int) Math.max(1, fileMillis / tick);
        for (int step = 1; step <= steps; step++) {
            call.pause(fileMillis / steps);
            long bytes = file.size() * step / steps;
            cache.progress(revision, file, bytes);
            call.err("\r" + TqdmBar.bytes(file.name(), bytes, file.size(), seconds(start)));
        }
        cache.complete(revision, file);
        call.err("\n");
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static int usage(Invocation call, String argv0) {
        call.outLine("Usage: " + argv0 + " [OPTIONS] <model-name>");
        call.outLine("  <model-name>                : HuggingFace model name (e.g., 'QuantTrio/MiniMax-M2-AWQ')");
        call.outLine("  -c, --copy-to [hosts]       : Copy the model; without hosts, COPY_HOSTS from .env or autodiscovery.");
        call.outLine("      --copy-parallel         : With -c, copy to all hosts at once.");
        call.outLine("  -u, --user <user>           : ssh user (default: $USER)");
        call.outLine("  --config <file>             : .env file (default: .env next to this script)");
        call.outLine("  -h, --help                  : This help");
        return 1;
    }
}
