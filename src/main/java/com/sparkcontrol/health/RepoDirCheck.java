package com.sparkcontrol.health;

import com.sparkcontrol.config.SparkControlProperties;
import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.config.SparkNodes;
import com.sparkcontrol.ssh.RemoteCommand;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The repo-dir check of the health poll: only the Sparks that run vLLM (the cluster members) are asked whether
 * {@code launch-cluster.sh} is ready, inside their one gatherer exec; the others' gatherer stays figures only.
 */
@Component
class RepoDirCheck {

    private final String path;
    private final Set<String> sparks;
    private final RemoteCommand gatherer;

    RepoDirCheck(SparkControlProperties properties, SparkNodes nodes) {
        this.path = properties.vllm().repoDir();
        this.sparks = nodes.clusterMembers().stream().map(SparkNode::id).collect(Collectors.toUnmodifiableSet());
        this.gatherer = GathererScript.withLauncherCheck(path);
    }

    RemoteCommand gathererFor(SparkNode node) {
        return sparks.contains(node.id()) ? gatherer : GathererScript.COMMAND;
    }

    /** The {@code repoDir} of a Spark's status; empty for a Spark that runs no vLLM. */
    Optional<RepoDir> of(String spark, SparkReading reading) {
        if (!sparks.contains(spark)) {
            return Optional.empty();
        }
        return Optional.of(new RepoDir(path, reading == null ? null : reading.launcherFound()));
    }
}
