package com.sparkcontrol.llm;

import com.sparkcontrol.config.SparkControlProperties;
import com.sparkcontrol.ssh.OutputListener;
import com.sparkcontrol.ssh.RunningCommand;
import com.sparkcontrol.ssh.SparkException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Runs {@code hf-download.sh} on the head and follows it to the end: the HF token travels on stdin (never in a
 * command line), output lines become progress or log events, and a cancel (or the download timeout) closes the
 * channel, which ends the remote process.
 */
@Component
class HfDownloadRun implements Processor {

    private static final Duration WAIT_STEP = Duration.ofMillis(250);

    private final Downloads downloads;
    private final LauncherShell launcher;
    private final WeightsOnDisk weights;
    private final LlmProperties properties;
    private final String hfToken;

    HfDownloadRun(Downloads downloads, LauncherShell launcher, WeightsOnDisk weights, LlmProperties properties,
            SparkControlProperties sparkControl) {
        this.downloads = downloads;
        this.launcher = launcher;
        this.weights = weights;
        this.properties = properties;
        this.hfToken = sparkControl.hfToken() == null ? "" : sparkControl.hfToken().strip();
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        Download download = exchange.getIn().getBody(Download.class);
        if (download.cancelRequested()) {
            downloads.end(download, DownloadState.CANCELLED, null);
            return;
        }
        download.phase("starting hf-download.sh");
        downloads.log(download, "./hf-download.sh " + download.repo() + (download.copyToWorkers() ? " -c --copy-parallel" : "")
                + (hfToken.isEmpty() ? "" : " (HF token passed on stdin)"));
        StringBuilder lastError = new StringBuilder();
        OutputListener listener = (line, stderr) -> {
            boolean bar = download.progress().isBar(line);
            boolean phaseChanged = download.progress().accept(line);
            if (!bar && !line.isBlank()) {
                downloads.log(download, line);
                if (line.contains("Error") || line.contains("error") || line.contains("failed")) {
                    lastError.setLength(0);
                    lastError.append(line.strip());
                }
            }
            downloads.progress(download, phaseChanged);
        };
        byte[] stdin = (hfToken + "\n").getBytes(StandardCharsets.UTF_8);
        RunningCommand running = launcher.download(download.repo(), download.copyToWorkers(), stdin, listener);
        download.command(running);
        Integer exit = awaitEnd(exchange, download, running);
        if (download.cancelRequested()) {
            downloads.end(download, DownloadState.CANCELLED, null);
        } else if (exit == null && exchange.getContext().isStopping()) {
            throw new IllegalStateException("Spark Control stopped during the download; start it again (it resumes)");
        } else if (exit == null) {
            throw new SparkException(launcher.head().id(), SparkException.Reason.CONNECTION_LOST,
                    launcher.head().id() + ": the connection dropped while hf-download.sh was running; start the download again (it resumes)");
        } else if (exit != 0) {
            throw new IllegalStateException("hf-download.sh exited " + exit + (lastError.isEmpty() ? "" : ": " + lastError));
        } else {
            weights.invalidate();
            downloads.end(download, DownloadState.SUCCEEDED, null);
        }
    }

    private Integer awaitEnd(Exchange exchange, Download download, RunningCommand running) throws InterruptedException {
        long deadline = System.nanoTime() + properties.downloadTimeout().toNanos();
        while (true) {
            try {
                return running.awaitExit(WAIT_STEP);
            } catch (TimeoutException stillRunning) {
                boolean stopping = exchange.getContext().isStopping();
                if (download.cancelRequested() || stopping) {
                    running.cancel();
                } else if (System.nanoTime() > deadline) {
                    running.cancel();
                    throw new IllegalStateException("still running after " + properties.downloadTimeout().toHours() + " h; stopped");
                }
            }
        }
    }
}
