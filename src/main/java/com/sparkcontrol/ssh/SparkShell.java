package com.sparkcontrol.ssh;

import com.sparkcontrol.config.SparkControlProperties;
import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.ssh.SparkException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The only way any code reaches a Spark. Runs commands that end (exit code, output, a hard timeout that
 * really stops them) and streams commands' output line by line, over one reused SSH session per Spark
 * that is re-opened after a drop. Key auth with {@link SshKeyStore}; host keys pinned by {@link PinnedHostKeys}.
 */
@Component
public class SparkShell implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SparkShell.class);
    /** Extra seconds the remote {@code timeout} waits beyond ours: it only matters if our channel close is lost. */
    private static final int REMOTE_GRACE_SECONDS = 5;

    private final SshClient client;
    private final SshKeyStore keys;
    private final PinnedHostKeys hostKeys;
    private final Duration connectTimeout;
    private final Duration defaultTimeout;
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Object> connectLocks = new ConcurrentHashMap<>();

    public SparkShell(SshKeyStore keys, PinnedHostKeys hostKeys, SparkControlProperties properties) {
        this.keys = keys;
        this.hostKeys = hostKeys;
        this.connectTimeout = properties.ssh().connectTimeout();
        this.defaultTimeout = properties.ssh().commandTimeout();
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(hostKeys);
        client.start();
    }

    /** Runs a command that ends, with the default timeout and no stdin. */
    public CommandResult run(SparkNode node, RemoteCommand command) {
        return run(node, command, defaultTimeout, null);
    }

    public CommandResult run(SparkNode node, RemoteCommand command, Duration timeout) {
        return run(node, command, timeout, null);
    }

    /**
     * Runs a command and waits at most {@code timeout}; then the channel is closed and the remote process
     * ends (the remote side also runs it under {@code timeout}, so it ends even if the close is lost).
     * Secrets go in {@code stdin}, never in the command line.
     */
    public CommandResult run(SparkNode node, RemoteCommand command, Duration timeout, byte[] stdin) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        String line = "timeout -k " + REMOTE_GRACE_SECONDS + " " + (seconds + REMOTE_GRACE_SECONDS) + " bash -c "
                + ShellQuote.quote(command.line());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ChannelExec channel = openChannel(node, line, channel1 -> {
            channel1.setIn(new ByteArrayInputStream(stdin == null ? new byte[0] : stdin));
            channel1.setOut(out);
            channel1.setErr(err);
        });
        try {
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout.toMillis());
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                channel.close(false); // graceful: tells the server to end the command
                throw new SparkException(node.id(), Reason.TIMEOUT,
                        node.id() + ": '" + abbreviate(command.line()) + "' did not finish within " + timeout.toSeconds() + " s and was stopped");
            }
            Integer exit = channel.getExitStatus();
            if (exit == null) {
                drop(node);
                throw new SparkException(node.id(), Reason.CONNECTION_LOST,
                        node.id() + ": the connection dropped while '" + abbreviate(command.line()) + "' was running");
            }
            return new CommandResult(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            channel.close(false);
        }
    }

    /** Starts a command and delivers its output line by line as it is printed, until it ends or is cancelled. */
    public RunningCommand stream(SparkNode node, RemoteCommand command, OutputListener listener) {
        return stream(node, command, listener, null);
    }

    public RunningCommand stream(SparkNode node, RemoteCommand command, OutputListener listener, byte[] stdin) {
        LineSplitter stdout = new LineSplitter(line -> listener.onLine(line, false));
        LineSplitter stderr = new LineSplitter(line -> listener.onLine(line, true));
        ChannelExec channel = openChannel(node, command.line(), ch -> {
            ch.setIn(new ByteArrayInputStream(stdin == null ? new byte[0] : stdin));
            ch.setOut(stdout);
            ch.setErr(stderr);
        });
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        channel.addCloseFutureListener(closed -> {
            stdout.close();
            stderr.close();
            Integer code = channel.getExitStatus();
            if (code != null) {
                listener.onEnd(code, null);
                exit.complete(code);
            } else {
                SparkException failure = new SparkException(node.id(), Reason.CONNECTION_LOST,
                        node.id() + ": '" + abbreviate(command.line()) + "' ended without an exit code (cancelled or connection lost)");
                listener.onEnd(null, failure);
                exit.completeExceptionally(failure);
            }
        });
        return new RunningCommand(channel, exit);
    }

    /** Closes the cached session of a Spark, e.g. after its host key was re-accepted. */
    public void drop(SparkNode node) {
        ClientSession session = sessions.remove(node.id());
        if (session != null) {
            session.close(true);
        }
    }

    @Override
    public void destroy() {
        sessions.values().forEach(s -> s.close(true));
        client.stop();
    }

    private interface ChannelSetup {
        void apply(ChannelExec channel);
    }

    private ChannelExec openChannel(SparkNode node, String line, ChannelSetup setup) {
        if (!node.configured()) {
            throw new SparkException(node.id(), Reason.NOT_CONFIGURED, node.id() + " is not configured: " + node.missingSetting());
        }
        for (int attempt = 1; ; attempt++) {
            ClientSession session = session(node);
            try {
                ChannelExec channel = session.createExecChannel(line);
                setup.apply(channel);
                channel.open().verify(connectTimeout);
                log.debug("{}: exec {}", node.id(), line);
                return channel;
            } catch (IOException | RuntimeException e) {
                drop(node);
                if (attempt >= 2) {
                    throw new SparkException(node.id(), Reason.CONNECTION_LOST,
                            node.id() + ": could not start a command: " + e.getMessage(), e);
                }
                // the cached session was dead (Spark rebooted, network blip): reconnect once
            }
        }
    }

    private ClientSession session(SparkNode node) {
        ClientSession cached = sessions.get(node.id());
        if (cached != null && cached.isOpen() && cached.isAuthenticated()) {
            return cached;
        }
        synchronized (connectLocks.computeIfAbsent(node.id(), k -> new Object())) {
            cached = sessions.get(node.id());
            if (cached != null && cached.isOpen() && cached.isAuthenticated()) {
                return cached;
            }
            ClientSession session = connect(node);
            sessions.put(node.id(), session);
            return session;
        }
    }

    private ClientSession connect(SparkNode node) {
        ClientSession session = null;
        try {
            session = client.connect(node.user(), node.host(), node.sshPort()).verify(connectTimeout).getSession();
            session.addPublicKeyIdentity(keys.keyPair());
            session.auth().verify(connectTimeout);
            log.info("{}: connected to {}@{}", node.id(), node.user(), node.address());
            return session;
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            throw explain(node, e);
        }
    }

    private SparkException explain(SparkNode node, Exception e) {
        var mismatch = hostKeys.mismatchFor(node.host(), node.sshPort());
        if (mismatch.isPresent()) {
            return new SparkException(node.id(), Reason.HOST_KEY_CHANGED, node.id() + " (" + node.address()
                    + ") offered a different host key than the one pinned: was " + mismatch.get().pinnedFingerprint()
                    + ", now " + mismatch.get().offeredFingerprint() + ". If the Spark was reinstalled, accept the new key"
                    + " deliberately with DELETE /api/ssh/known-hosts/" + node.id() + " (or remove the line for "
                    + mismatch.get().entry() + " from " + hostKeys.file() + ")", e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException) {
                return new SparkException(node.id(), Reason.UNREACHABLE,
                        node.id() + " (" + node.address() + ") is unreachable: " + describe(t), e);
            }
        }
        String message = String.valueOf(e.getMessage()).toLowerCase();
        if (message.contains("authentication") || message.contains("auth")) {
            return new SparkException(node.id(), Reason.AUTHENTICATION_REFUSED, node.id() + " refused Spark Control's SSH key for user "
                    + node.user() + ": install it with the command from GET /api/ssh/public-key", e);
        }
        if (message.contains("timeout") || message.contains("timed out")) {
            return new SparkException(node.id(), Reason.UNREACHABLE,
                    node.id() + " (" + node.address() + ") did not answer within " + connectTimeout.toSeconds() + " s", e);
        }
        return new SparkException(node.id(), Reason.UNREACHABLE, node.id() + " (" + node.address() + "): " + e.getMessage(), e);
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
