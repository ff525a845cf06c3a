package com.sparkcontrol.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.config.SparkNodes;
import com.sparkcontrol.sim.RecordedExec;
import com.sparkcontrol.support.SimulatedClusterTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SparkShellTests extends SimulatedClusterTest {

    @Autowired
    SparkShell shell;

    @Autowired
    SparkNodes nodes;

    @Autowired
    PinnedHostKeys hostKeys;

    SparkNode spark1() {
        return nodes.head();
    }

    @Test
    void runReturnsExitCodeStdoutAndStderr() {
        CommandResult result = shell.run(spark1(), RemoteCommand.trustedScript("echo out; echo err >&2; exit 3"));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
    }

    @Test
    void hostileArgumentsReachTheSparksBashAsOneLiteralWord() {
        for (String hostile : List.of("; rm -rf ~", "$(touch pwned)", "`id`", "it's \"quoted\"", "a\nb", "x".repeat(10_000), "--help")) {
            CommandResult result = shell.run(spark1(), RemoteCommand.of("printf", "%s|%s", hostile, "end"));
            assertThat(result.stdout()).isEqualTo(hostile + "|end");
        }
        assertThat(cluster.node("spark1").home().resolve("pwned")).doesNotExist();
    }

    @Test
    void secretsSentOnStdinNeverAppearInTheRecordedCommandLine() {
        byte[] secret = "nvapi-NOT-A-REAL-KEY-123".getBytes(StandardCharsets.UTF_8);
        CommandResult result = shell.run(spark1(), RemoteCommand.of("wc", "-c"), Duration.ofSeconds(10), secret);
        assertThat(result.stdout().trim()).isEqualTo(String.valueOf(secret.length));
        assertThat(cluster.execs()).extracting(RecordedExec::commandLine).noneMatch(line -> line.contains("nvapi-"));
        assertThat(cluster.execs()).anyMatch(e -> e.stdinBytes() == secret.length);
    }

    @Test
    void timeoutReallyStopsALongCommand() {
        assertThatThrownBy(() -> shell.run(spark1(), RemoteCommand.of("sleep", "600"), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(SparkException.class, e -> assertThat(e.reason()).isEqualTo(SparkException.Reason.TIMEOUT));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(shell.run(spark1(), RemoteCommand.trustedScript("pgrep -fc '[s]leep 600' || true")).stdout().trim()).isEqualTo("0"));
    }

    @Test
    void streamDeliversLinesAsTheyArePrintedAndCancelEndsTheRemoteProcess() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        RunningCommand running = shell.stream(spark1(),
                RemoteCommand.trustedScript("for i in $(seq 1 1000); do echo line-$i; sleep 0.2; done"), (line, stderr) -> lines.add(line));
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.size() >= 3);
        assertThat(running.isDone()).as("lines arrived while the command was still running").isFalse();
        assertThat(lines.subList(0, 3)).containsExactly("line-1", "line-2", "line-3");

        running.cancel();

        await().atMost(Duration.ofSeconds(10)).until(running::isDone);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                shell.run(spark1(), RemoteCommand.trustedScript("pgrep -af '[s]eq 1 1000' || true")).stdout().trim()).isEqualTo(""));
    }

    @Test
    void streamSplitsProgressRedrawnWithCarriageReturns() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        RunningCommand running = shell.stream(spark1(), RemoteCommand.trustedScript("printf '10%%\\r50%%\\r100%%\\ndone\\n'"),
                (line, stderr) -> lines.add(line));
        assertThat(running.awaitExit(Duration.ofSeconds(10))).isZero();
        assertThat(lines).containsExactly("10%", "50%", "100%", "done");
    }

    @Nested
    class Faults {

        @Test
        void unreachableSparkIsATypedErrorWithinTheTimeout() {
            cluster.node("spark2").unreachable(true);
            shell.drop(nodes.audio());
            assertThatThrownBy(() -> shell.run(nodes.audio(), RemoteCommand.of("true")))
                    .isInstanceOfSatisfying(SparkException.class, e -> {
                        assertThat(e.reason()).isEqualTo(SparkException.Reason.UNREACHABLE);
                        assertThat(e.getMessage()).contains("spark2").contains("unreachable");
                    });
        }

        @Test
        void refusedKeyIsReportedWithHowToInstallIt() {
            cluster.node("spark2").refuseAuth(true);
            shell.drop(nodes.audio());
            assertThatThrownBy(() -> shell.run(nodes.audio(), RemoteCommand.of("true")))
                    .isInstanceOfSatisfying(SparkException.class, e -> {
                        assertThat(e.reason()).isEqualTo(SparkException.Reason.AUTHENTICATION_REFUSED);
                        assertThat(e.getMessage()).contains("/api/ssh/public-key");
                    });
        }

        @Test
        void reconnectsAfterTheConnectionDropped() {
            assertThat(shell.run(nodes.audio(), RemoteCommand.of("true")).exitCode()).isZero();
            cluster.node("spark2").unreachable(true); // kills the live sessions
            cluster.node("spark2").unreachable(false);
            assertThat(shell.run(nodes.audio(), RemoteCommand.of("echo", "back")).stdout()).isEqualTo("back\n");
        }

        @Test
        void changedHostKeyIsRefusedUntilForgottenDeliberately() {
            assertThat(shell.run(nodes.audio(), RemoteCommand.of("true")).exitCode()).isZero();
            cluster.node("spark2").regenerateHostKey();
            shell.drop(nodes.audio());
            assertThatThrownBy(() -> shell.run(nodes.audio(), RemoteCommand.of("true")))
                    .isInstanceOfSatisfying(SparkException.class, e -> {
                        assertThat(e.reason()).isEqualTo(SparkException.Reason.HOST_KEY_CHANGED);
                        assertThat(e.getMessage()).contains("DELETE /api/ssh/known-hosts/spark2");
                    });

            hostKeys.forget(nodes.audio().host(), nodes.audio().sshPort());

            assertThat(shell.run(nodes.audio(), RemoteCommand.of("echo", "ok")).stdout()).isEqualTo("ok\n");
        }
    }
}
