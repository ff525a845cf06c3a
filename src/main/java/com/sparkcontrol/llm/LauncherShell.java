package com.sparkcontrol.llm;

import com.sparkcontrol.catalog.CatalogModel;
import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.config.SparkNodes;
import com.sparkcontrol.ssh.CommandResult;
import com.sparkcontrol.ssh.OutputListener;
import com.sparkcontrol.ssh.RemoteCommand;
import com.sparkcontrol.ssh.RunningCommand;
import com.sparkcontrol.ssh.SparkShell;
import org.springframework.stereotype.Component;

/**
 * Runs the LLM flows' commands ({@link LauncherCommands}) over SSH with the timeout {@link LlmProperties} gives each
 * kind, so the swap, download and update steps say what they run rather than how they reach a Spark. The two long
 * ones (download, cluster update) are streamed: the processor that follows each also cancels and times it.
 */
@Component
class LauncherShell {

    private final SparkShell shell;
    private final SparkNodes nodes;
    private final LauncherCommands commands;
    private final LlmProperties properties;

    LauncherShell(SparkShell shell, SparkNodes nodes, LauncherCommands commands, LlmProperties properties) {
        this.shell = shell;
        this.nodes = nodes;
        this.commands = commands;
        this.properties = properties;
    }

    /** The Spark the launcher and vLLM's head container run on. */
    SparkNode head() {
        return nodes.head();
    }

    /** Where the launcher is looked for on the head ({@code spark-control.vllm.repo-dir}). */
    String repoDir() {
        return commands.repoDir();
    }

    /** Whether {@code launch-cluster.sh} is in {@link #repoDir} on the head and executable (exit 0). */
    CommandResult launcherPresent() {
        return ask(commands.launcherPresent());
    }

    /** {@code launch-cluster.sh stop}; with {@code solo}, the head only. */
    CommandResult stop(boolean solo) {
        return shell.run(nodes.head(), commands.stop(solo), properties.stopTimeout());
    }

    /** The launch of {@code model}, for the swap log to show before {@link #launch} runs it. */
    RemoteCommand launchCommand(CatalogModel model) {
        return commands.launch(model);
    }

    /** Runs a launch on the head, with the time containers, mods and the dispatch may take. */
    CommandResult launch(RemoteCommand launch) {
        return shell.run(nodes.head(), launch, properties.launchTimeout());
    }

    /** A quick question to the head (the next batch of a container's log, say), with the pre-flight timeout. */
    CommandResult ask(RemoteCommand question) {
        return shell.run(nodes.head(), question, properties.preflightTimeout());
    }

    /** Whether vLLM's process still runs on the head: exit 1 with no output means it is gone. */
    CommandResult vllmProcess() {
        return ask(commands.vllmProcess());
    }

    /** The complete models in {@code node}'s Hugging Face cache, one {@code models--Org--Name} a line. */
    CommandResult listWeights(SparkNode node) {
        return shell.run(node, commands.listWeights(), properties.preflightTimeout());
    }

    /** {@code df} of the Hugging Face cache on {@code nodeId}, read by {@link DownloadPreflight#availableBytes}. */
    CommandResult freeSpace(String nodeId) {
        return shell.run(nodes.require(nodeId), commands.freeSpace(), properties.preflightTimeout());
    }

    /** The image's {@code build-metadata.yaml} from the running {@code vllm_node} container. */
    CommandResult buildMetadataFromContainer() {
        return ask(commands.buildMetadataFromContainer());
    }

    /** The same from the default image, for when no container runs. */
    CommandResult buildMetadataFromImage() {
        return ask(commands.buildMetadataFromImage());
    }

    /**
     * Starts {@code hf-download.sh} on the head with {@code stdin} (the HF token line) and streams its output to
     * {@code listener}. No timeout here: {@link HfDownloadRun} follows it, cancels it and applies the download timeout.
     */
    RunningCommand download(String repo, boolean copyToWorkers, byte[] stdin, OutputListener listener) {
        return shell.stream(nodes.head(), commands.download(repo, copyToWorkers), listener, stdin);
    }

    /**
     * Starts {@code git pull --ff-only && ./build-and-copy.sh -c} on the head and streams its output to
     * {@code listener}; {@link ClusterUpdateRun} awaits it with the update timeout.
     */
    RunningCommand clusterUpdate(OutputListener listener) {
        return shell.stream(nodes.head(), commands.clusterUpdate(), listener);
    }
}
