package com.sparkcontrol.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.command.Command;

/**
 * One node's SSH daemon: a MINA {@link SshServer} on 127.0.0.1 with the node's pinned host key, public-key
 * auth against the node's {@code ~/.ssh/authorized_keys} only, exec through {@code bash -c}, and shells refused.
 * Stopping and starting it again on the same port is how the {@code unreachable} fault refuses connections.
 */
final class SparkSshServer {

    private final SimulatedSpark node;
    private final ExecutorService pumps;
    private SshServer sshd;
    private int port;

    SparkSshServer(SimulatedSpark node, int requestedPort, ExecutorService pumps) {
        this.node = node;
        this.port = requestedPort;
        this.pumps = pumps;
    }

    synchronized int port() {
        return port;
    }

    synchronized boolean isRunning() {
        return sshd != null && sshd.isStarted();
    }

    synchronized void start() {
        if (isRunning()) {
            return;
        }
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(node.hostKeys());
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPublickeyAuthenticator(node::authenticate);
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setShellFactory(channel -> new RefusedShell());
        server.setCommandFactory((channel, line) -> createCommand(line));
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("simulated Spark '" + node.id() + "' cannot listen on port " + port, e);
        }
        port = server.getPort();
        sshd = server;
    }

    private Command createCommand(String line) {
        return node.isHanging() ? new HangingCommand(node, line) : new BashExecCommand(node, line, pumps);
    }

    /** Closes the listener and every session at once: clients see resets, new connections are refused. */
    synchronized void stop() {
        if (sshd == null) {
            return;
        }
        try {
            sshd.stop(true);
        } catch (IOException e) {
            // stopping anyway
        }
        sshd = null;
    }
}
