package com.sparkcontrol.llm;

import com.sparkcontrol.catalog.CatalogModel;
import com.sparkcontrol.catalog.ModelMode;
import com.sparkcontrol.config.SparkControlProperties;
import com.sparkcontrol.ssh.RemoteCommand;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The command lines the LLM flows send to the head Spark, in one place: {@code launch-cluster.sh} always with an
 * action, always detached and never waiting on stdin; every variable word quoted by {@link RemoteCommand}.
 */
@Component
class LauncherCommands {

    static final String CONTAINER = "vllm_node";
    static final String HUB = "${HF_HOME:-$HOME/.cache/huggingface}/hub";

    /**
     * Prints {@code models--Org--Name} for each complete model in the node's HF cache: a snapshot exists, no blob
     * is still {@code .incomplete}, and every shard the safetensors index names is present.
     */
    private static final String LIST_WEIGHTS = "hub=\"" + HUB + "\"; [ -d \"$hub\" ] || exit 0; "
            + "for d in \"$hub\"/models--*; do "
            + "s=$(ls -1d \"$d\"/snapshots/*/ 2>/dev/null | head -n 1); [ -n \"$s\" ] || continue; "
            + "ls \"$d\"/blobs/*.incomplete >/dev/null 2>&1 && continue; ok=1; "
            + "if [ -f \"${s}model.safetensors.index.json\" ]; then "
            + "for f in $(grep -o '\"[^\"]*\\.safetensors\"' \"${s}model.safetensors.index.json\" | tr -d '\"' | sort -u); do "
            + "[ -e \"$s$f\" ] || { ok=0; break; }; done; fi; "
            + "[ $ok = 1 ] && echo \"${d##*/}\"; done; exit 0";

    /** {@code df -Pk} of the HF cache (or its nearest existing parent): one data line, available KiB in column 4. */
    private static final String FREE_SPACE = "d=\"" + HUB + "\"; while [ ! -d \"$d\" ]; do d=$(dirname \"$d\"); done; "
            + "df -Pk \"$d\" | tail -n 1";

    private static final String METADATA_FROM_IMAGE = "id=$(docker create vllm-node) || exit 1; f=$(mktemp); "
            + "docker cp \"$id:/workspace/build-metadata.yaml\" \"$f\" >/dev/null 2>&1; rc=$?; docker rm \"$id\" >/dev/null 2>&1; "
            + "[ $rc = 0 ] && printf '%s\\n' \"$(< \"$f\")\"; rm -f \"$f\"; exit $rc";

    /** The HF token arrives as the first stdin line and lives only in this shell's environment. */
    private static final String TOKEN_FROM_STDIN = "IFS= read -r HF_TOKEN; "
            + "if [ -n \"$HF_TOKEN\" ]; then export HF_TOKEN; else unset HF_TOKEN; fi";

    private final String repoDir;
    private final int vllmPort;

    LauncherCommands(SparkControlProperties properties) {
        this.repoDir = properties.vllm().repoDir();
        this.vllmPort = properties.vllm().port();
    }

    String repoDir() {
        return repoDir;
    }

    RemoteCommand launcherPresent() {
        return RemoteCommand.of("test", "-x", "launch-cluster.sh").inDirectory(repoDir);
    }

    /** {@code ./launch-cluster.sh [--solo] stop}: {@code --solo} stops only the head, so it is used only when nothing else ran. */
    RemoteCommand stop(boolean solo) {
        List<String> args = new ArrayList<>();
        if (solo) {
            args.add("--solo");
        }
        args.add("stop");
        return RemoteCommand.of("./launch-cluster.sh", args).withoutStdin().inDirectory(repoDir);
    }

    /** {@code ./launch-cluster.sh [--solo] -t IMAGE [-e K=V]… [--apply-mod M]… -d exec vllm serve REPO …}. */
    RemoteCommand launch(CatalogModel model) {
        List<String> args = new ArrayList<>();
        if (model.mode() == ModelMode.SOLO) {
            args.add("--solo");
        }
        args.add("-t");
        args.add(model.image());
        for (String env : model.env()) {
            args.add("-e");
            args.add(env);
        }
        for (String mod : model.mods()) {
            args.add("--apply-mod");
            args.add(mod);
        }
        args.add("-d");
        args.add("exec");
        args.addAll(List.of("vllm", "serve", model.repo(), "--host", "0.0.0.0", "--port", Integer.toString(vllmPort),
                "--max-model-len", Integer.toString(model.context())));
        args.addAll(model.flags());
        return RemoteCommand.of("./launch-cluster.sh", args).withoutStdin().inDirectory(repoDir);
    }

    /** Exit 0 while a {@code vllm serve} process runs in the head container, 1 when none does. */
    RemoteCommand vllmProcess() {
        return RemoteCommand.of("docker", "exec", CONTAINER, "pgrep", "-f", "vllm serve");
    }

    RemoteCommand listWeights() {
        return RemoteCommand.trustedScript(LIST_WEIGHTS);
    }

    RemoteCommand freeSpace() {
        return RemoteCommand.trustedScript(FREE_SPACE);
    }

    /**
     * {@code hf-download.sh REPO [-c --copy-parallel]} with the token read from stdin first (never in argv). The
     * model name comes first: the 2026-08 script's {@code -c} swallows every following word as a host.
     */
    RemoteCommand download(String repo, boolean copyToWorkers) {
        List<String> args = new ArrayList<>();
        args.add(repo);
        if (copyToWorkers) {
            args.add("-c");
            args.add("--copy-parallel");
        }
        return withTokenFromStdin(RemoteCommand.of("./hf-download.sh", args).withoutStdin().mergingStderr().inDirectory(repoDir));
    }

    /** {@code next}, run with {@code HF_TOKEN} exported from the first line of stdin (unset when that line is empty). */
    RemoteCommand withTokenFromStdin(RemoteCommand next) {
        return RemoteCommand.trustedScript(TOKEN_FROM_STDIN).andAlways(next);
    }

    /** {@code git pull --ff-only} then {@code ./build-and-copy.sh -c}, both streamed. */
    RemoteCommand clusterUpdate() {
        return RemoteCommand.of("git", "pull", "--ff-only").mergingStderr().inDirectory(repoDir)
                .then(RemoteCommand.of("./build-and-copy.sh", "-c").withoutStdin().mergingStderr());
    }

    /** The image's build metadata from the running container. */
    RemoteCommand buildMetadataFromContainer() {
        return RemoteCommand.of("docker", "exec", CONTAINER, "cat", "/workspace/build-metadata.yaml");
    }

    /**
     * The same from the default image when no container runs: a created (never started) container is copied from
     * and removed, so nothing runs and nothing is left behind.
     */
    RemoteCommand buildMetadataFromImage() {
        return RemoteCommand.trustedScript(METADATA_FROM_IMAGE);
    }
}
