package com.sparkcontrol.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code docker logs}: RFC3339Nano timestamps, inclusive {@code --since}, {@code --tail}, and {@code -f}. */
class DockerLogsTest {

    SimulatedCluster cluster;
    SimSsh ssh;
    SimContainer container;

    @BeforeEach
    void start() {
        cluster = SimulatedCluster.builder().build();
        ssh = new SimSsh(cluster);
        container = cluster.seedContainer("spark2", "kokoro-tts", "ghcr.io/remsky/kokoro-fastapi-gpu:latest", true);
        for (int i = 1; i <= 5; i++) {
            container.log().append("line " + i);
        }
    }

    @AfterEach
    void stop() {
        ssh.close();
        cluster.close();
    }

    List<String> lines(String command) {
        SimSsh.Result result = ssh.run("spark2", command);
        assertThat(result.exit()).as(result.err()).isZero();
        return result.out().isEmpty() ? List.of() : Arrays.asList(result.out().split("\n"));
    }

    @Test
    void timestampsAreRfc3339NanoAndStrictlyIncreasing() {
        List<String> stamped = lines("docker logs -t kokoro-tts");
        assertThat(stamped).hasSize(5).allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z line \\d"));
        Instant previous = Instant.EPOCH;
        for (String line : stamped) {
            Instant at = Instant.parse(line.substring(0, line.indexOf(' ')));
            assertThat(at).isAfter(previous);
            previous = at;
        }
    }

    @Test
    void sinceIsInclusiveAndResumesExactlyOneNanosecondLater() {
        List<String> first = lines("docker logs -t kokoro-tts");
        String last = first.get(first.size() - 1);
        Instant lastAt = Instant.parse(last.substring(0, last.indexOf(' ')));
        container.log().append("line 6");
        container.log().append("line 7");

        assertThat(lines("docker logs --since " + lastAt + " kokoro-tts")).containsExactly("line 5", "line 6", "line 7");
        String resume = ContainerLog.TIMESTAMP.format(lastAt.plusNanos(1));
        assertThat(lines("docker logs -t --since " + resume + " kokoro-tts"))
                .extracting(l -> l.substring(l.indexOf(' ') + 1)).containsExactly("line 6", "line 7");
        long seconds = lastAt.getEpochSecond();
        assertThat(lines("docker logs --since " + seconds + "." + String.format("%09d", lastAt.getNano() + 1)
                + " kokoro-tts")).containsExactly("line 6", "line 7");
    }

    @Test
    void tailAndRelativeSince() {
        assertThat(lines("docker logs --tail 2 kokoro-tts")).containsExactly("line 4", "line 5");
        assertThat(lines("docker logs --since 10m kokoro-tts")).hasSize(5);
        assertThat(lines("docker logs --since 2099-01-01T00:00:00Z kokoro-tts")).isEmpty();
    }

    @Test
    void unknownContainerIsDockersError() {
        SimSsh.Result result = ssh.run("spark2", "docker logs nope");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("Error response from daemon: No such container: nope\n");
    }

    @Test
    void followStreamsNewLinesAndEndsWhenTheContainerStops() throws Exception {
        try (SimSsh.Running follow = ssh.start("spark2", "docker logs -f --tail 1 kokoro-tts")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> follow.out().text().equals("line 5\n"));
            container.log().append("line 6");
            await().atMost(Duration.ofSeconds(20)).until(() -> follow.out().text().equals("line 5\nline 6\n"));
            assertThat(ssh.run("spark2", "docker stop kokoro-tts").out()).isEqualTo("kokoro-tts\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> follow.channel().getExitStatus() != null);
            assertThat(follow.channel().getExitStatus()).isZero();
        }
    }
}
