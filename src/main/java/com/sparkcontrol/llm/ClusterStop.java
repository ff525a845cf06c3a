package com.sparkcontrol.llm;

import com.sparkcontrol.catalog.ModelMode;
import com.sparkcontrol.config.SparkNodes;
import com.sparkcontrol.ssh.CommandResult;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * {@code launch-cluster.sh stop} before a launch (so no stale container or launch script is reused) and after a
 * failed or cancelled one. {@code --solo} only stops the head, so it is used only when neither the new nor the
 * previous model needs the workers; the launcher's output goes to the swap log (stop deletes the containers' logs).
 */
@Component
class ClusterStop implements Processor {

    private final ActiveModel activeModel;
    private final SparkNodes nodes;
    private final LauncherShell launcher;

    ClusterStop(ActiveModel activeModel, SparkNodes nodes, LauncherShell launcher) {
        this.activeModel = activeModel;
        this.nodes = nodes;
        this.launcher = launcher;
    }

    @Override
    public void process(Exchange exchange) {
        Swap swap = exchange.getIn().getBody(Swap.class);
        SwapCancelledException.throwIfRequested(swap);
        activeModel.stoppingCluster(swap);
        boolean solo = swap.model().mode() == ModelMode.SOLO
                && (swap.previousMode() == ModelMode.SOLO || (swap.previousMode() == null && !workersConfigured()));
        CommandResult result = stop(swap, solo);
        if (!result.succeeded()) {
            throw new SwapFailedException("stop", "launch-cluster.sh stop exited " + result.exitCode() + ": " + result.lastErrorLine());
        }
    }

    /** Stops what this swap launched; used by clean-up, so it reports instead of throwing. */
    void cleanUp(Swap swap) {
        try {
            CommandResult result = stop(swap, swap.model().mode() == ModelMode.SOLO); // the stop before the launch already covered the rest
            activeModel.log("spark-control", swap, result.succeeded() ? "cluster stopped" : "stop exited " + result.exitCode() + ": " + result.lastErrorLine());
        } catch (RuntimeException e) {
            activeModel.log("spark-control", swap, "could not stop the cluster: " + e.getMessage()
                    + " (run ./launch-cluster.sh stop on " + nodes.head().id() + ", or start another swap, which stops first)");
        }
    }

    private CommandResult stop(Swap swap, boolean solo) {
        activeModel.log("spark-control", swap, "./launch-cluster.sh " + (solo ? "--solo " : "") + "stop");
        CommandResult result = launcher.stop(solo);
        activeModel.logOutput(swap, result);
        return result;
    }

    private boolean workersConfigured() {
        return nodes.clusterMembers().stream().anyMatch(n -> !n.equals(nodes.head()) && n.configured());
    }
}
