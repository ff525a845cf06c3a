package com.sparkcontrol.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** Interactive shells are refused: a message on stderr and exit 1, so a client never waits on a prompt. */
final class RefusedShell implements Command {

    static final String MESSAGE = "This simulated Spark only runs commands (ssh host 'command'); "
            + "interactive shells are refused.\n";

    private OutputStream err;
    private ExitCallback exit;

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        err.write(MESSAGE.getBytes(StandardCharsets.UTF_8));
        err.flush();
        exit.onExit(1);
    }

    @Override
    public void destroy(ChannelSession channel) {
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void setInputStream(InputStream in) {
    }

    @Override
    public void setOutputStream(OutputStream out) {
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }
}
