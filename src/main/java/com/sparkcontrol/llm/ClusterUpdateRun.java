package com.sparkcontrol.llm;

import com.sparkcontrol.ssh.RunningCommand;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Streams {@code git pull --ff-only && ./build-and-copy.sh -c} on the head (a build can take 40 minutes, so the
 * output goes to the dashboard as it comes), then reads the new image's vLLM version.
 */
@Component
class ClusterUpdateRun implements Processor {

    private final ClusterUpdate updates;
    private final LauncherShell launcher;
    private final ImageVersion image;
    private final LlmProperties properties;

    ClusterUpdateRun(ClusterUpdate updates, LauncherShell launcher, ImageVersion image, LlmProperties properties) {
        this.updates = updates;
        this.launcher = launcher;
        this.image = image;
        this.properties = properties;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        ClusterUpdate.Run run = exchange.getIn().getBody(ClusterUpdate.Run.class);
        RunningCommand running = launcher.clusterUpdate((line, stderr) -> {
            if (!line.isBlank()) {
                updates.log(run, line);
            }
        });
        Integer exit;
        try {
            exit = running.awaitExit(properties.updateTimeout());
        } catch (TimeoutException e) {
            running.cancel();
            throw new IllegalStateException("still running after " + properties.updateTimeout().toMinutes() + " min; stopped");
        }
        if (exit == null) {
            throw new IllegalStateException(launcher.head().id() + ": the connection dropped during the update; run it again");
        }
        if (exit != 0) {
            throw new IllegalStateException("exited " + exit + " (see the log: git pull refuses to merge local edits; build-and-copy.sh names the failed phase)");
        }
        try {
            updates.log(run, "image vLLM version: " + image.refresh().get("vllmVersion"));
        } catch (RuntimeException e) {
            updates.log(run, "could not read the image's vLLM version: " + e.getMessage());
        }
        updates.end(run, true, null);
    }
}
