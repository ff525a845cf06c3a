package com.sparkcontrol.sim;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The simulated {@code git} in the spark-vllm-docker checkout: {@code pull [--ff-only]} (fast-forward summary
 * or "Already up to date."), {@code fetch}, {@code rev-parse HEAD}, {@code log -1 --format=…} and
 * {@code status --porcelain}. Outside the checkout it is git's "not a git repository".
 */
final class GitCommand implements SimCommand {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z")
            .withZone(ZoneOffset.UTC);

    @Override
    public int run(Invocation call) {
        List<String> args = call.args();
        Path cwd = call.cwd();
        int i = 0;
        if (args.size() >= 2 && args.get(0).equals("-C")) {
            cwd = call.resolve(args.get(1));
            i = 2;
        }
        if (i >= args.size()) {
            call.outLine("usage: git [-v | --version] [-h | --help] [-C <path>] <command> [<args>]");
            return 1;
        }
        String subcommand = args.get(i);
        List<String> rest = args.subList(i + 1, args.size());
        RepoCheckout repo = call.node().repo();
        if (!inside(cwd, repo.dir())) {
            call.errLine("fatal: not a git repository (or any of the parent directories): .git");
            return 128;
        }
        return switch (subcommand) {
            case "pull" -> pull(call, repo);
            case "fetch" -> {
                if (!repo.pending().isEmpty()) {
                    fromLine(call, repo);
                }
                yield 0;
            }
            case "rev-parse" -> {
                UpstreamRepo.Commit head = repo.headCommit();
                call.outLine(rest.contains("--short") ? head.shortHash() : head.hash());
                yield 0;
            }
            case "log" -> log(call, repo, rest);
            case "status" -> {
                if (!rest.contains("--porcelain") && !rest.contains("-s")) {
                    call.outLine("On branch main");
                    call.outLine("Your branch is up to date with 'origin/main'.");
                    call.outLine("");
                    call.outLine("nothing to commit, working tree clean");
                }
                yield 0;
            }
            default -> {
                call.errLine("git: '" + subcommand + "' is not a git command. See 'git --help'.");
                yield 1;
            }
        };
    }

    private static boolean inside(Path cwd, Path repo) {
        try {
            return cwd.toRealPath().startsWith(repo.toRealPath());
        } catch (java.io.IOException e) {
            return cwd.normalize().startsWith(repo);
        }
    }

    private static int pull(Invocation call, RepoCheckout repo) {
        List<UpstreamRepo.Commit> pending = repo.pending();
        if (pending.isEmpty()) {
            call.outLine("Already up to date.");
            return 0;
        }
        UpstreamRepo.Commit from = repo.headCommit();
        UpstreamRepo.Commit to = pending.get(pending.size() - 1);
        fromLine(call, repo);
        call.outLine("Updating " + from.shortHash() + ".." + to.shortHash());
        call.outLine("Fast-forward");
        java.util.Map<String, int[]> stat = new java.util.TreeMap<>();
        for (UpstreamRepo.Commit commit : pending) {
            for (String file : commit.files()) {
                int[] counts = stat.computeIfAbsent(file, f -> new int[2]);
                counts[0] += commit.insertions() / commit.files().size();
                counts[1] += commit.deletions() / commit.files().size();
            }
        }
        int insertions = 0;
        int deletions = 0;
        int width = stat.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (java.util.Map.Entry<String, int[]> file : stat.entrySet()) {
            int[] counts = file.getValue();
            insertions += counts[0];
            deletions += counts[1];
            call.outLine(String.format(" %-" + width + "s | %3d %s%s", file.getKey(), counts[0] + counts[1],
                    "+".repeat(Math.min(40, counts[0])), "-".repeat(Math.min(20, counts[1]))));
        }
        call.outLine(" " + stat.size() + " file" + (stat.size() == 1 ? "" : "s") + " changed, " + insertions
                + " insertions(+), " + deletions + " deletions(-)");
        repo.fastForward();
        return 0;
    }

    private static void fromLine(Invocation call, RepoCheckout repo) {
        List<UpstreamRepo.Commit> pending = repo.pending();
        call.errLine("From " + UpstreamRepo.URL);
        call.errLine("   " + repo.headCommit().shortHash() + ".." + pending.get(pending.size() - 1).shortHash()
                + "  main       -> origin/main");
    }

    private static int log(Invocation call, RepoCheckout repo, List<String> args) {
        UpstreamRepo.Commit head = repo.headCommit();
        String format = "commit %H%nAuthor: Eugene Rakhmatulin%nDate:   %ci%n%n    %s";
        for (String arg : args) {
            if (arg.startsWith("--format=") || arg.startsWith("--pretty=format:")) {
                format = arg.substring(arg.indexOf(arg.startsWith("--format=") ? '=' : ':') + 1);
            }
        }
        String text = format.replace("%H", head.hash()).replace("%h", head.shortHash()).replace("%s", head.subject())
                .replace("%ci", ISO.format(head.date())).replace("%cI", head.date().toString())
                .replace("%ct", Long.toString(head.date().getEpochSecond())).replace("%an", "Eugene Rakhmatulin")
                .replace("%n", "\n");
        call.outLine(text);
        return 0;
    }
}
