package com.sparkcontrol.sim;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The spark-vllm-docker repository on GitHub as the simulated checkouts see it: a growing list of commits. */
final class UpstreamRepo {

    static final String URL = "https://github.com/eugr/spark-vllm-docker";

    /** One upstream commit and the diffstat {@code git pull} prints for it. */
    record Commit(String hash, String subject, Instant date, List<String> files, int insertions, int deletions) {
        String shortHash() {
            return hash.substring(0, 7);
        }
    }

    private final List<Commit> commits = new CopyOnWriteArrayList<>();

    UpstreamRepo() {
        commits.add(new Commit("358bf26e3d7d315450a6159ccdc0b38cbbd6b855", "Verify image consistency across nodes",
                Instant.parse("2026-08-14T10:12:00Z"), List.of("launch-cluster.sh"), 48, 3));
    }

    Commit publish(String subject, List<String> files) {
        String hash = ImageRegistry.sha256Hex(subject + "#" + commits.size()).substring(0, 40);
        Commit commit = new Commit(hash, subject, Instant.now(), List.copyOf(files), 12 * files.size() + 25,
                4 * files.size() + 6);
        commits.add(commit);
        return commit;
    }

    int latest() {
        return commits.size() - 1;
    }

    Commit get(int index) {
        return commits.get(index);
    }
}
