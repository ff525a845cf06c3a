package com.sparkcontrol.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-node faults and key handling behave like a real sshd: refused, reset, hung, or a changed host key. */
class FaultsTest {

    SimulatedCluster cluster;
    SimSsh ssh;

    @BeforeEach
    void start() {
        cluster = SimulatedCluster.builder().build();
        ssh = new SimSsh(cluster);
    }

    @AfterEach
    void stop() {
        ssh.close();
        cluster.close();
    }

    @Test
    void refusedAuthFailsTheLoginUntilLifted() throws Exception {
        cluster.node("spark1").refuseAuth(true);
        assertThatThrownBy(() -> ssh.login("spark1")).hasMessageContaining("No more authentication methods");
        cluster.node("spark1").refuseAuth(false);
        try (ClientSession session = ssh.login("spark1")) {
            assertThat(session.isAuthenticated()).isTrue();
        }
    }

    @Test
    void onlyInstalledKeysAndTheSparkUserGetIn() throws Exception {
        KeyPair stranger = SimSsh.newKey();
        assertThatThrownBy(() -> ssh.login("spark1", stranger, "spark")).hasMessageContaining("No more authentication");
        assertThatThrownBy(() -> ssh.login("spark1", ssh.key, "root")).hasMessageContaining("No more authentication");

        cluster.installKey(SimSsh.publicLine(ssh.key));
        assertThat(Files.readAllLines(cluster.node("spark1").home().resolve(".ssh/authorized_keys"))).hasSize(1);

        cluster.revokeKeys();
        assertThatThrownBy(() -> ssh.login("spark2")).hasMessageContaining("No more authentication methods");
    }

    @Test
    void unreachableRefusesConnectionsThenComesBackOnTheSamePort() throws Exception {
        int port = cluster.sshPort("spark2");
        cluster.node("spark2").unreachable(true);
        assertThatThrownBy(() -> ssh.login("spark2")).hasRootCauseInstanceOf(ConnectException.class);
        cluster.node("spark2").unreachable(false);
        assertThat(cluster.sshPort("spark2")).isEqualTo(port);
        assertThat(ssh.run("spark2", "echo back").out()).isEqualTo("back\n");
    }

    @Test
    void unreachableCutsOpenSessionsAndTheirCommands() throws Exception {
        String marker = "marker-" + java.util.UUID.randomUUID();
        try (SimSsh.Running running = ssh.start("spark2", "sleep 600; echo " + marker)) {
            await().atMost(SimSsh.TIMEOUT).until(() -> !ProcessKillTest.processesMentioning(marker).isEmpty());
            cluster.node("spark2").unreachable(true);
            assertThat(running.channel().waitFor(EnumSet.of(ClientChannelEvent.CLOSED), SimSsh.TIMEOUT))
                    .contains(ClientChannelEvent.CLOSED);
            assertThat(running.channel().getExitStatus()).isNull();
        }
        await().atMost(SimSsh.TIMEOUT).until(() -> ProcessKillTest.processesMentioning(marker).isEmpty());
    }

    @Test
    void closingTheClusterKillsWhatStillRuns() throws Exception {
        String marker = "marker-" + java.util.UUID.randomUUID();
        try (SimulatedCluster other = SimulatedCluster.builder().build(); SimSsh otherSsh = new SimSsh(other)) {
            otherSsh.start("spark1", "sleep 600; echo " + marker);
            await().atMost(SimSsh.TIMEOUT).until(() -> !ProcessKillTest.processesMentioning(marker).isEmpty());
        }
        await().atMost(SimSsh.TIMEOUT).until(() -> ProcessKillTest.processesMentioning(marker).isEmpty());
    }

    @Test
    void hangingNodeAcceptsCommandsThatNeverAnswer() throws Exception {
        cluster.node("spark1").hang(true);
        try (ClientSession session = ssh.login("spark1"); ChannelExec exec = session.createExecChannel("echo hi")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            exec.setOut(out);
            exec.setErr(new ByteArrayOutputStream());
            exec.open().verify(SimSsh.TIMEOUT);
            assertThat(exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(2)))
                    .doesNotContain(ClientChannelEvent.CLOSED);
            assertThat(out.size()).isZero();
        }
        assertThat(cluster.execs()).anyMatch(e -> e.commandLine().equals("echo hi"));
        cluster.node("spark1").hang(false);
        assertThat(ssh.run("spark1", "echo hi").out()).isEqualTo("hi\n");
    }

    @Test
    void regeneratedHostKeyIsWhatAClientWithAPinnedKeySees() throws Exception {
        List<PublicKey> seen = new CopyOnWriteArrayList<>();
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> {
            seen.add(key);
            return seen.size() == 1 || KeyUtils.compareKeys(seen.get(0), key);
        });
        client.start();
        try {
            connect(client);
            PublicKey original = cluster.node("spark1").hostKey();
            assertThat(KeyUtils.compareKeys(seen.get(0), original)).isTrue();

            cluster.node("spark1").regenerateHostKey();
            assertThatThrownBy(() -> connect(client)).hasMessageContaining("Server key did not validate");
            assertThat(KeyUtils.compareKeys(seen.get(1), original)).isFalse();
            assertThat(KeyUtils.compareKeys(seen.get(1), cluster.node("spark1").hostKey())).isTrue();
        } finally {
            client.stop();
        }
    }

    private void connect(SshClient client) throws Exception {
        try (ClientSession session = client.connect("spark", "127.0.0.1", cluster.sshPort("spark1"))
                .verify(SimSsh.TIMEOUT).getSession()) {
            session.addPublicKeyIdentity(ssh.key);
            session.auth().verify(SimSsh.TIMEOUT);
        }
    }

    @Test
    void hostKeyAndKeysSurviveARestartInTheSameRootDir(@TempDir Path root) throws Exception {
        PublicKey first;
        try (SimulatedCluster persistent = SimulatedCluster.builder().rootDir(root).build()) {
            first = persistent.node("spark1").hostKey();
            persistent.installKey(SimSsh.publicLine(ssh.key));
            persistent.seedModel("spark2", "Qwen/Qwen3-8B");
        }
        try (SimulatedCluster restarted = SimulatedCluster.builder().rootDir(root).build()) {
            assertThat(KeyUtils.compareKeys(restarted.node("spark1").hostKey(), first)).isTrue();
            assertThat(restarted.node("spark2").hasModel("Qwen/Qwen3-8B")).isTrue();
            assertThat(Files.readString(restarted.node("spark1").home().resolve(".ssh/authorized_keys")))
                    .contains(SimSsh.publicLine(ssh.key));
        }
    }
}
