package com.sparkcontrol.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Closing the channel (or losing the session) ends the command's whole process tree, as on a Spark. */
class ProcessKillTest {

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

    static List<ProcessHandle> processesMentioning(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    @Test
    void closingTheChannelKillsSleepAndItsShell() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        List<ProcessHandle> tree;
        try (SimSsh.Running running = ssh.start("spark1", "sleep 600; echo " + marker)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !processesMentioning(marker).isEmpty());
            ProcessHandle shell = processesMentioning(marker).get(0);
            await().atMost(Duration.ofSeconds(20)).until(() -> shell.children().findAny().isPresent());
            tree = new java.util.ArrayList<>(shell.descendants().toList());
            tree.add(shell);
            assertThat(tree).anyMatch(p -> p.info().command().map(c -> c.endsWith("sleep")).orElse(false));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(processesMentioning(marker)).isEmpty();
    }

    @Test
    void closingTheChannelKillsTheShimClientAndStopsTheJavaFollower() throws Exception {
        cluster.seedContainer("spark1", "embeddings", "ghcr.io/huggingface/text-embeddings-inference:1.8", true);
        int before = cluster.runningShimCalls();
        try (SimSsh.Running follow = ssh.start("spark1", "docker logs -f embeddings")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> cluster.runningShimCalls() == before + 1);
            assertThat(processesMentioning("sim-client.pl docker logs -f embeddings")).isNotEmpty();
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> processesMentioning("sim-client.pl docker logs -f embeddings").isEmpty());
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.runningShimCalls() == before);
    }

    @Test
    void droppedSessionKillsTheCommandMidway() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        cluster.node("spark1").dropConnectionsAfter(Duration.ofMillis(300));
        try (SimSsh.Running running = ssh.start("spark1", "sleep 600; echo " + marker)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> running.session().isClosed());
            assertThat(running.channel().getExitStatus()).isNull();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> processesMentioning(marker).isEmpty());
    }
}
