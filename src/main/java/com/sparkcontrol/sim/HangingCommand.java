package com.sparkcontrol.sim;

import java.io.InputStream;
import java.io.OutputStream;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** The {@code hang} fault: the exec is accepted and recorded but never prints anything nor exits. */
final class HangingCommand implements Command {

    private final SimulatedSpark node;
    private final String commandLine;

    HangingCommand(SimulatedSpark node, String commandLine) {
        this.node = node;
        this.commandLine = commandLine;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        node.cluster().recordExec(node.id(), commandLine);
    }

    @Override
    public void destroy(ChannelSession channel) {
        // nothing runs, nothing to stop
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
    }

    @Override
    public void setInputStream(InputStream in) {
    }

    @Override
    public void setOutputStream(OutputStream out) {
    }

    @Override
    public void setErrorStream(OutputStream err) {
    }
}
