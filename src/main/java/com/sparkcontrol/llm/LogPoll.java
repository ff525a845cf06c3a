package com.sparkcontrol.llm;

import com.sparkcontrol.ssh.CommandResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * One poll of a loading model: new lines of {@code docker logs} (each delivered once, see {@link DockerLogCursor})
 * go to the swap log and the progress bar; a known failure line fails the swap at once (naming the root cause when
 * vLLM printed one); so do a vanished container, a vLLM process that is gone, the deadline, or a cancel.
 */
@Component
class LogPoll implements Processor {

    static final String TAIL = "llm-swap-tail";
    private static final int MISSING_POLLS_TOLERATED = 3;
    private static final int GONE_CHECKS_TOLERATED = 2;

    /** What the loop remembers between polls of one swap. */
    static final class Tail {
        final DockerLogCursor cursor = new DockerLogCursor(LauncherCommands.CONTAINER);
        int missingPolls;
        int goneChecks;
        long nextProcessCheck = System.nanoTime();
        String lastErrorLine;
    }

    private final ActiveModel activeModel;
    private final LauncherShell launcher;
    private final LlmProperties properties;

    LogPoll(ActiveModel activeModel, LauncherShell launcher, LlmProperties properties) {
        this.activeModel = activeModel;
        this.launcher = launcher;
        this.properties = properties;
    }

    @Override
    public void process(Exchange exchange) {
        Swap swap = exchange.getIn().getBody(Swap.class);
        Tail tail = exchange.getProperty(TAIL, Tail.class);
        if (tail == null) {
            tail = new Tail();
            exchange.setProperty(TAIL, tail);
        }
        SwapCancelledException.throwIfRequested(swap);
        if (Instant.now().isAfter(swap.deadline())) {
            Duration timeout = swap.model().loadTimeout() != null ? swap.model().loadTimeout() : properties.swapTimeout();
            throw new SwapFailedException("timeout", swap.model().id() + " did not become ready within "
                    + (timeout.toSeconds() < 120 ? timeout.toSeconds() + " s" : timeout.toMinutes() + " min") + " of its launch"
                    + (tail.lastErrorLine != null ? "; last error line: " + tail.lastErrorLine : ""));
        }
        CommandResult result = launcher.ask(tail.cursor.nextCommand());
        DockerLogCursor.Batch batch = tail.cursor.accept(result);
        if (batch.containerMissing()) {
            if (++tail.missingPolls >= MISSING_POLLS_TOLERATED) {
                throw new SwapFailedException("container gone", "the " + LauncherCommands.CONTAINER + " container is gone from "
                        + launcher.head().id() + " (" + String.join(" ", batch.dockerMessages()) + ")");
            }
            return;
        }
        tail.missingPolls = 0;
        VllmLines.Failure failure = null;
        for (DockerLogCursor.Line line : batch.lines()) {
            activeModel.log("vllm", swap, line.text(), line.at());
            if (swap.progress().accept(line.text())) {
                activeModel.progressed(swap);
            }
            if (VllmLines.isReady(line.text())) {
                swap.readyMarkerSeen(true);
            }
            if (line.text().contains("Error") || line.text().contains("error:")) {
                tail.lastErrorLine = line.text().strip();
            }
            Optional<VllmLines.Failure> found = VllmLines.failure(line.text());
            if (found.isPresent()) {
                if (found.get().rootCause()) {
                    swap.noteRootCause(found.get().line());
                }
                if (failure == null || (!failure.rootCause() && found.get().rootCause())) {
                    failure = found.get();
                }
            }
        }
        if (failure != null) {
            String root = swap.firstRootCause();
            throw new SwapFailedException(failure.rootCause() ? failure.kind() : rootKind(root, failure),
                    root != null ? root : failure.line());
        }
        if (batch.lines().isEmpty() && System.nanoTime() >= tail.nextProcessCheck) {
            checkProcess(swap, tail);
        }
    }

    /** A quiet log may mean vLLM died without a known failure line: ask whether its process is still there. */
    private void checkProcess(Swap swap, Tail tail) {
        tail.nextProcessCheck = System.nanoTime() + properties.processCheckInterval().toNanos();
        CommandResult result = launcher.vllmProcess();
        if (result.exitCode() == 1 && result.stdout().isBlank()) {
            if (++tail.goneChecks >= GONE_CHECKS_TOLERATED) {
                throw new SwapFailedException("vLLM exited", "the vLLM process on " + launcher.head().id() + " is gone"
                        + (tail.lastErrorLine != null ? "; last error line: " + tail.lastErrorLine : " (no error line in its log)"));
            }
        } else {
            tail.goneChecks = 0;
        }
    }

    private static String rootKind(String root, VllmLines.Failure generic) {
        return root == null ? generic.kind() : VllmLines.failure(root).map(VllmLines.Failure::kind).orElse(generic.kind());
    }
}
