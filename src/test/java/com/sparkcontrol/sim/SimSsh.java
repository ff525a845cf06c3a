package com.sparkcontrol.sim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/** A real MINA SSH client logged in with a fresh ed25519 key that the test installed on the simulated cluster. */
final class SimSsh implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    static {
        // MINA logs every packet at DEBUG; the simulator's tests only need warnings
        org.slf4j.Logger sshd = org.slf4j.LoggerFactory.getLogger("org.apache.sshd");
        if (sshd instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    final KeyPair key = newKey();
    private final SimulatedCluster cluster;
    private final SshClient client = SshClient.setUpDefaultClient();

    SimSsh(SimulatedCluster cluster) {
        this.cluster = cluster;
        cluster.installKey(publicLine(key));
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
    }

    static KeyPair newKey() {
        try {
            return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String publicLine(KeyPair key) {
        return PublicKeyEntry.toString(key.getPublic()) + " test@sim";
    }

    SshClient client() {
        return client;
    }

    ClientSession login(String node) throws IOException {
        return login(node, key, "spark");
    }

    ClientSession login(String node, KeyPair identity, String user) throws IOException {
        ClientSession session = client.connect(user, "127.0.0.1", cluster.sshPort(node)).verify(TIMEOUT).getSession();
        session.addPublicKeyIdentity(identity);
        session.auth().verify(TIMEOUT);
        return session;
    }

    /** Runs one command in its own session and waits for it to finish. */
    Result run(String node, String command) {
        return run(node, command, null);
    }

    Result run(String node, String command, String stdin) {
        try (ClientSession session = login(node)) {
            return run(session, command, stdin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result run(ClientSession session, String command, String stdin) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setOut(out);
            channel.setErr(err);
            if (stdin != null) {
                channel.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            }
            channel.open().verify(TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            Integer exit = channel.getExitStatus();
            return new Result(exit == null ? -1 : exit, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Starts a command and returns at once; the caller reads its output as it arrives and closes it. */
    Running start(String node, String command) throws IOException {
        ClientSession session = login(node);
        ChannelExec channel = session.createExecChannel(command);
        SyncBuffer out = new SyncBuffer();
        SyncBuffer err = new SyncBuffer();
        channel.setOut(out);
        channel.setErr(err);
        channel.open().verify(TIMEOUT);
        return new Running(session, channel, out, err);
    }

    @Override
    public void close() {
        client.stop();
    }

    /** A finished command. */
    record Result(int exit, String out, String err) {
    }

    /** A command still running, with its output so far. */
    record Running(ClientSession session, ChannelExec channel, SyncBuffer out, SyncBuffer err) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            channel.close(true);
            session.close(true);
        }
    }

    /** An output buffer safe to read while the channel writes. */
    static final class SyncBuffer extends java.io.OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
