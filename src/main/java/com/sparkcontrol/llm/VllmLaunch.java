package com.sparkcontrol.llm;

import com.sparkcontrol.catalog.CatalogModel;
import com.sparkcontrol.ssh.CommandResult;
import com.sparkcontrol.ssh.RemoteCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * {@code launch-cluster.sh … -d exec vllm serve …}: detached, so a dropped SSH session cannot stop the cluster,
 * and with stdin closed. It returns once vLLM is dispatched; the load is then followed in the container's log.
 * A launcher that reports reusing running containers is refused: their stale launch script would run instead.
 */
@Component
class VllmLaunch implements Processor {

    private final ActiveModel activeModel;
    private final LauncherShell launcher;
    private final LlmProperties properties;

    VllmLaunch(ActiveModel activeModel, LauncherShell launcher, LlmProperties properties) {
        this.activeModel = activeModel;
        this.launcher = launcher;
        this.properties = properties;
    }

    @Override
    public void process(Exchange exchange) {
        Swap swap = exchange.getIn().getBody(Swap.class);
        SwapCancelledException.throwIfRequested(swap);
        CatalogModel model = swap.model();
        activeModel.enter(swap, SwapState.LAUNCHING, "starting containers", 4);
        RemoteCommand launch = launcher.launchCommand(model);
        activeModel.log("spark-control", swap, launch.line());
        CommandResult result = launcher.launch(launch);
        activeModel.logOutput(swap, result);
        String output = result.stdout() + "\n" + result.stderr();
        // in daemon mode a failed `docker run` still exits 0 after "dispatched": its error lines decide
        List<VllmLines.Failure> known = output.lines().map(VllmLines::failure).flatMap(Optional::stream).toList();
        Optional<VllmLines.Failure> cause = known.stream().filter(VllmLines.Failure::rootCause).findFirst().or(() -> known.stream().findFirst());
        if (!result.succeeded() || cause.isPresent()) {
            throw new SwapFailedException(cause.map(VllmLines.Failure::kind).orElse("launch"),
                    "launch-cluster.sh " + (result.succeeded() ? "reported" : "exited " + result.exitCode() + ":") + " "
                            + cause.map(VllmLines.Failure::line).orElse(result.lastErrorLine()));
        }
        if (output.contains("Skipping launch")) {
            throw new SwapFailedException("stale containers", "the launcher reused containers that were still running after stop,"
                    + " so their old launch script would run; stop the cluster on " + launcher.head().id() + " and try again");
        }
        Duration timeout = model.loadTimeout() != null ? model.loadTimeout() : properties.swapTimeout();
        activeModel.launched(swap, Instant.now().plus(timeout));
        activeModel.log("spark-control", swap, "vLLM dispatched; loading (timeout " + timeout.toMinutes() + " min)");
    }
}
