package com.sparkcontrol.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * An SSH exec request run as {@code bash -c <line>} in the node's simulated HOME, so quoting, {@code cd … &&},
 * redirections and exit codes behave exactly as on a Spark. stdin/stdout/stderr are pumped with a flush per
 * chunk; when the channel closes or the session drops the whole process tree is killed.
 */
final class BashExecCommand implements Command {

    private static final String BASH = "/bin/bash";

    private final SimulatedSpark node;
    private final String commandLine;
    private final ExecutorService pumps;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exitCallback;
    private volatile Process process;
    private volatile boolean destroyed;
    private ExecEntry entry;

    BashExecCommand(SimulatedSpark node, String commandLine, ExecutorService pumps) {
        this.node = node;
        this.commandLine = commandLine;
        this.pumps = pumps;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exitCallback = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        entry = node.cluster().recordExec(node.id(), commandLine);
        ProcessBuilder builder = new ProcessBuilder(BASH, "-c", commandLine).directory(node.home().toFile());
        builder.environment().clear();
        builder.environment().putAll(node.shellEnvironment());
        process = builder.start();
        node.commandStarted(this);
        node.armConnectionDrop(channel.getSession());
        Future<?> stdout = pumps.submit(() -> pump(process.getInputStream(), out));
        Future<?> stderr = pumps.submit(() -> pump(process.getErrorStream(), err));
        pumps.execute(this::feedStdin);
        pumps.execute(() -> awaitExit(stdout, stderr));
    }

    private void awaitExit(Future<?> stdout, Future<?> stderr) {
        try {
            int code = process.waitFor();
            stdout.get();
            stderr.get();
            node.commandEnded(this);
            if (!destroyed) {
                exitCallback.onExit(code);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!destroyed) {
                exitCallback.onExit(255, e.toString());
            }
        }
    }

    private static void pump(InputStream from, OutputStream to) {
        byte[] buffer = new byte[8192];
        try (from) {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // the channel or the process went away; the exit path decides what to report
        }
    }

    private void feedStdin() {
        byte[] buffer = new byte[8192];
        OutputStream toProcess = process.getOutputStream();
        try (toProcess) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                entry.addStdin(n);
                toProcess.write(buffer, 0, n);
                toProcess.flush();
            }
        } catch (IOException e) {
            // the process stopped reading, or the channel closed
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        kill();
    }

    /** Kills the command's process tree; also used when the node's SSH server stops under it. */
    void kill() {
        destroyed = true;
        Process running = process;
        if (running != null) {
            ProcessTree.destroy(running.toHandle());
        }
        node.commandEnded(this);
    }
}
