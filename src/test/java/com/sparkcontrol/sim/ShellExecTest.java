package com.sparkcontrol.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exec requests run through the system's bash in the simulated HOME, as on a Spark. */
class ShellExecTest {

    static SimulatedCluster cluster;
    static SimSsh ssh;

    @BeforeAll
    static void start() {
        cluster = SimulatedCluster.builder().loadTime(Duration.ofMillis(500)).build();
        ssh = new SimSsh(cluster);
    }

    @AfterAll
    static void stop() {
        ssh.close();
        cluster.close();
    }

    @Test
    void hostileStringSurvivesRealBashQuoting() {
        String hostile = "a'b\"c $(rm -rf /) `id` ; && | > * \\ \u00e9 $HOME";
        String quoted = "'" + hostile.replace("'", "'\"'\"'") + "'";
        SimSsh.Result result = ssh.run("spark1", "printf '%s' " + quoted);
        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo(hostile);
    }

    @Test
    void hostileArgumentReachesTheFakeDockerUnchanged() {
        String hostile = "we;ird name $(x)";
        SimSsh.Result result = ssh.run("spark1", "docker logs '" + hostile + "'");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("Error response from daemon: No such container: " + hostile + "\n");
        assertThat(cluster.commands()).anySatisfy(c -> assertThat(c.argv()).containsExactly("logs", hostile));
    }

    @Test
    void cdAndRelativeScriptsWorkFromHome() {
        SimSsh.Result result = ssh.run("spark1", "cd spark-vllm-docker && pwd && ls launch-cluster.sh hf-download.sh");
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains(cluster.node("spark1").repoDir().toString())
                .contains("launch-cluster.sh").contains("hf-download.sh");
    }

    @Test
    void repoScriptsAreNotOnThePath() {
        SimSsh.Result result = ssh.run("spark1", "launch-cluster.sh status");
        assertThat(result.exit()).isEqualTo(127);
        assertThat(result.err()).contains("command not found");
    }

    @Test
    void exitCodesAndRedirectionsAreBashs() {
        SimSsh.Result result = ssh.run("spark1", "docker inspect nope > /dev/null 2>&1; echo \"rc=$?\"; exit 3");
        assertThat(result.out()).isEqualTo("rc=1\n");
        assertThat(result.exit()).isEqualTo(3);
    }

    @Test
    void environmentLooksLikeTheSparkUser() {
        SimSsh.Result result = ssh.run("spark1", "echo \"$USER $HOME\"; nproc");
        assertThat(result.out()).isEqualTo("spark " + cluster.node("spark1").home() + "\n20\n");
    }

    @Test
    void stdinReachesTheCommandAndOnlyItsSizeIsRecorded() {
        cluster.execs().clear();
        SimSsh.Result result = ssh.run("spark1", "wc -c", "secret-value\n");
        assertThat(result.out().strip()).isEqualTo("13");
        assertThat(cluster.execs()).singleElement().satisfies(exec -> {
            assertThat(exec.commandLine()).isEqualTo("wc -c");
            assertThat(exec.stdinBytes()).isEqualTo(13);
            assertThat(exec.node()).isEqualTo("spark1");
        });
    }

    @Test
    void shellSessionsAreRefused() throws Exception {
        try (ClientSession session = ssh.login("spark1"); ChannelShell shell = session.createShellChannel()) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            shell.setOut(new ByteArrayOutputStream());
            shell.setErr(err);
            shell.open().verify(SimSsh.TIMEOUT);
            Set<ClientChannelEvent> events = shell.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), SimSsh.TIMEOUT);
            assertThat(events).contains(ClientChannelEvent.CLOSED);
            assertThat(shell.getExitStatus()).isEqualTo(1);
            assertThat(err.toString()).contains("interactive shells are refused");
        }
    }
}
