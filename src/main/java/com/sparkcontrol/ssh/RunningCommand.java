package com.sparkcontrol.ssh;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.sshd.client.channel.ChannelExec;

/** A streamed command still running on a Spark; cancelling it closes the channel, which ends the remote process. */
public final class RunningCommand {

    private final ChannelExec channel;
    private final CompletableFuture<Integer> exit;

    RunningCommand(ChannelExec channel, CompletableFuture<Integer> exit) {
        this.channel = channel;
        this.exit = exit;
    }

    /** A graceful close sends SSH_MSG_CHANNEL_CLOSE, which is what makes the server end the command (an immediate close only drops it locally). */
    public void cancel() {
        channel.close(false);
    }

    public boolean isDone() {
        return exit.isDone();
    }

    /** The exit code, or null when the command was cancelled or its connection dropped. */
    public Integer awaitExit(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return null;
        }
    }

    public CompletableFuture<Integer> exit() {
        return exit;
    }
}
