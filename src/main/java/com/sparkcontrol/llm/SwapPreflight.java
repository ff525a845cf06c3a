package com.sparkcontrol.llm;

import com.sparkcontrol.catalog.CatalogModel;
import com.sparkcontrol.catalog.ModelMode;
import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.config.SparkNodes;
import com.sparkcontrol.ssh.CommandResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Checks everything a swap needs before anything is stopped, so a swap that cannot work leaves the running model
 * alone: the head answers over SSH, {@code launch-cluster.sh} is in {@code vllm.repo-dir}, and the weights are
 * complete on every node the model's mode needs.
 */
@Component
class SwapPreflight implements Processor {

    private final ActiveModel activeModel;
    private final SparkNodes nodes;
    private final LauncherShell launcher;
    private final WeightsOnDisk weights;

    SwapPreflight(ActiveModel activeModel, SparkNodes nodes, LauncherShell launcher, WeightsOnDisk weights) {
        this.activeModel = activeModel;
        this.nodes = nodes;
        this.launcher = launcher;
        this.weights = weights;
    }

    @Override
    public void process(Exchange exchange) {
        Swap swap = exchange.getIn().getBody(Swap.class);
        CatalogModel model = swap.model();
        SparkNode head = nodes.head();
        activeModel.log("spark-control", swap, "pre-flight: " + model.repo() + " (" + model.mode().json() + ") on " + head.id());
        CommandResult present = launcher.launcherPresent();
        if (!present.succeeded()) {
            throw new SwapFailedException("pre-flight", "launch-cluster.sh is not in " + launcher.repoDir() + " on " + head.id()
                    + " or is not executable (set spark-control.vllm.repo-dir to the spark-vllm-docker checkout)");
        }
        SwapCancelledException.throwIfRequested(swap);
        List<String> missing = new ArrayList<>();
        for (SparkNode node : neededNodes(model)) {
            if (!node.configured()) {
                throw new SwapFailedException("pre-flight", node.id() + " is needed by a cluster model but not configured: " + node.missingSetting());
            }
            if (!weights.fresh(node).contains(model.repo())) {
                missing.add(node.id());
            }
        }
        if (!missing.isEmpty()) {
            throw new SwapFailedException("pre-flight", "the weights of " + model.repo() + " are not (completely) on " + String.join(", ", missing)
                    + "; download them first (POST /api/downloads)");
        }
        SwapCancelledException.throwIfRequested(swap);
        activeModel.log("spark-control", swap, "pre-flight passed: launcher present, weights on " + neededNodes(model).stream().map(SparkNode::id).toList());
    }

    List<SparkNode> neededNodes(CatalogModel model) {
        return model.mode() == ModelMode.SOLO ? List.of(nodes.head()) : nodes.clusterMembers();
    }
}
