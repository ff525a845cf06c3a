package com.sparkcontrol.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The simulated launch-cluster.sh: the script's lines, exit codes and effects on containers and vLLM. */
class LaunchClusterTest {

    static final String MODEL = "Qwen/Qwen3-8B";
    static final String SERVE = "-d exec vllm serve " + MODEL + " --host 0.0.0.0 --port 8000";
    static final String SOLO_SERVE = "--solo " + SERVE;

    SimulatedCluster cluster;
    SimSsh ssh;
    RecordingVllm vllm;

    @BeforeEach
    void start() {
        vllm = new RecordingVllm();
        cluster = SimulatedCluster.builder().loadTime(Duration.ofMillis(800)).vllm(vllm).build();
        vllm.watchLog(() -> cluster.head().container("vllm_node").map(SimContainer::logLines).orElse(List.of()));
        ssh = new SimSsh(cluster);
    }

    @AfterEach
    void stop() {
        ssh.close();
        cluster.close();
    }

    SimSsh.Result launch(String args) {
        return ssh.run("spark1", "cd ~/spark-vllm-docker && ./launch-cluster.sh " + args);
    }

    List<String> headLog() {
        return cluster.head().container("vllm_node").orElseThrow().logLines();
    }

    void awaitLogLine(String text) {
        await().atMost(Duration.ofSeconds(30)).until(() -> headLog().stream().anyMatch(l -> l.contains(text)));
    }

    @Test
    void noActionExitsOneWithTheRealError() {
        SimSsh.Result result = launch("--solo");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("Solo mode enabled. Skipping node detection.\nHead Node: ")
                .contains("Error: No action specified. Use: start | stop | status | exec\nUsage: ./launch-cluster.sh ");
        assertThat(cluster.head().containers()).isEmpty();
    }

    @Test
    void unknownTokenIsRejectedBeforeAnything() {
        SimSsh.Result result = launch("--solo bogus");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).startsWith("Error: Unknown argument or action: bogus\nUsage: ./launch-cluster.sh ");
    }

    @Test
    void helpPrintsUsageAndExitsOne() {
        SimSsh.Result result = launch("-h");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).startsWith("Usage: ./launch-cluster.sh [-n <node_ips>]");
    }

    @Test
    void soloDaemonLaunchServesOnlyAfterApplicationStartupComplete() {
        cluster.seedModel("spark1", MODEL);
        SimSsh.Result result = launch(SOLO_SERVE + " --served-model-name qwen --max-model-len 16384");
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("Head Node: 192.168.177.11\nWorker Nodes: \nContainer Name: vllm_node\n"
                + "Image Name: vllm-node\nAction: exec\n")
                .contains("Starting Head Node on 192.168.177.11...")
                .contains("Executing command: vllm serve Qwen/Qwen3-8B --host 0.0.0.0 --port 8000")
                .endsWith("Command dispatched in background (Daemon mode). Container: vllm_node\n");

        await().atMost(Duration.ofSeconds(30)).until(() -> vllm.begins.size() == 1);
        RecordingVllm.Begin begin = vllm.begins.get(0);
        assertThat(begin.repo()).isEqualTo(MODEL);
        assertThat(begin.servedName()).isEqualTo("qwen");
        assertThat(begin.maxModelLen()).isEqualTo(16384);
        List<String> log = begin.logAtBegin();
        assertThat(log.get(log.size() - 1)).endsWith("INFO:     Application startup complete.");
        assertInOrder(log, "Loading safetensors using Fastsafetensor loader:", "Loading weights took",
                "Model loading took", "Available KV cache memory:", "GPU KV cache size:", "Capturing CUDA graphs",
                "Graph capturing finished in", "Starting vLLM server on http://0.0.0.0:8000", "Available routes are:",
                "INFO:     Started server process [", "INFO:     Waiting for application startup.",
                "INFO:     Application startup complete.");
        assertThat(cluster.head().servingModel()).contains(MODEL);

        SimSsh.Result pgrep = ssh.run("spark1", "docker exec vllm_node pgrep -af 'vllm serve'");
        assertThat(pgrep.exit()).isZero();
        assertThat(pgrep.out()).contains("vllm serve Qwen/Qwen3-8B --host 0.0.0.0 --port 8000");
    }

    @Test
    void stopPrintsItsLinesRemovesTheContainerAndEndsServing() {
        cluster.seedModel("spark1", MODEL);
        launch(SOLO_SERVE);
        await().atMost(Duration.ofSeconds(30)).until(() -> vllm.begins.size() == 1);

        SimSsh.Result stop = launch("--solo stop");
        assertThat(stop.exit()).isZero();
        assertThat(stop.out()).endsWith("\nStopping cluster...\nStopping head node (192.168.177.11)...\n"
                + "Cluster stopped.\n");
        assertThat(vllm.calls).contains("endServing");
        assertThat(cluster.head().container("vllm_node")).isEmpty();
        SimSsh.Result logs = ssh.run("spark1", "docker logs vllm_node");
        assertThat(logs.exit()).isEqualTo(1);
        assertThat(logs.err()).contains("No such container: vllm_node");
        assertThat(launch("--solo stop").exit()).isZero();
    }

    @Test
    void statusMatchesIsRunningAndIsNotRunning() {
        assertThat(launch("--solo status").out())
                .contains("[HEAD] 192.168.177.11: Container 'vllm_node' is NOT running.");
        cluster.seedModel("spark1", MODEL);
        launch(SOLO_SERVE);
        SimSsh.Result status = launch("--solo status");
        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains("[HEAD] 192.168.177.11: Container 'vllm_node' is RUNNING.");
    }

    @Test
    void secondLaunchReusesTheRunningContainerAndClashesOnThePort() {
        cluster.seedModel("spark1", MODEL);
        launch(SOLO_SERVE);
        await().atMost(Duration.ofSeconds(30)).until(() -> vllm.begins.size() == 1);

        SimSsh.Result again = launch(SOLO_SERVE);
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("Warning: Container 'vllm_node' is already running on head node")
                .contains("Cluster containers are already running. Skipping launch.")
                .doesNotContain("Starting Head Node");
        awaitLogLine("OSError: [Errno 98] Address already in use");
        assertThat(vllm.begins).hasSize(1);
        assertThat(cluster.head().servingModel()).contains(MODEL);
    }

    @Test
    void foregroundExecStreamsTheLoadAndADroppedSessionStopsTheCluster() throws Exception {
        cluster.seedModel("spark1", MODEL);
        try (SimSsh.Running running = ssh.start("spark1",
                "cd ~/spark-vllm-docker && ./launch-cluster.sh --solo exec vllm serve " + MODEL + " --port 8000")) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> running.out().text().contains("INFO:     Application startup complete."));
            assertThat(running.out().text()).contains("Executing command: vllm serve Qwen/Qwen3-8B --port 8000");
            assertThat(headLog()).noneMatch(l -> l.contains("Application startup complete"));
            assertThat(vllm.begins).hasSize(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.head().containers().isEmpty());
        assertThat(vllm.calls).contains("endServing");
    }

    @Test
    void launchScriptIsCopiedOnlyWhenContainersAreCreated() {
        cluster.seedModel("spark1", MODEL);
        ssh.run("spark1", "cd ~/spark-vllm-docker && printf '#!/bin/bash\nvllm serve " + MODEL
                + " \\\n  --port 8000 --served-model-name first\n' > examples/first.sh && printf '#!/bin/bash\n"
                + "vllm serve " + MODEL + " --port 8001 --served-model-name second\n' > examples/second.sh");
        SimSsh.Result first = launch("--solo -d --launch-script first.sh");
        assertThat(first.exit()).as(first.out()).isZero();
        assertThat(first.out()).contains("Using launch script: " + cluster.head().repoDir().resolve("examples/first.sh"))
                .contains("Copying launch script to head node...")
                .contains("Executing command: /workspace/exec-script.sh");
        await().atMost(Duration.ofSeconds(30)).until(() -> vllm.begins.size() == 1);
        assertThat(vllm.begins.get(0).servedName()).isEqualTo("first");

        SimSsh.Result second = launch("--solo -d --launch-script second.sh");
        assertThat(second.out()).contains("Cluster containers are already running. Skipping launch.")
                .doesNotContain("Copying launch script");
        assertThat(cluster.head().container("vllm_node").orElseThrow().file("/workspace/exec-script.sh").orElseThrow())
                .contains("--served-model-name first");
        awaitLogLine("OSError: [Errno 98] Address already in use");
        assertThat(vllm.begins).hasSize(1);
    }

    @Test
    void aLeftoverContainerRunsNoVllmAndIsReusedByTheNextLaunch() {
        cluster.seedContainer("spark1", "vllm_node", "vllm-node", true);
        assertThat(ssh.run("spark1", "docker exec vllm_node pgrep -af 'vllm serve'").exit()).isEqualTo(1);
        assertThat(launch("--solo status").out()).contains("is RUNNING.");
        cluster.seedModel("spark1", MODEL);
        assertThat(launch(SOLO_SERVE).out()).contains("Cluster containers are already running. Skipping launch.");
        await().atMost(Duration.ofSeconds(30)).until(() -> vllm.begins.size() == 1);
    }

    @Test
    void aCrashedEngineLeavesTheContainerUpAndNothingServed() {
        cluster.seedModel("spark1", MODEL);
        launch(SOLO_SERVE);
        await().atMost(Duration.ofSeconds(30)).until(() -> vllm.begins.size() == 1);

        assertThat(cluster.head().crashVllm()).isTrue();
        assertThat(headLog()).anyMatch(l -> l.contains("EngineDeadError: EngineCore encountered an issue."));
        assertThat(vllm.calls).endsWith("endServing");
        assertThat(cluster.head().servingModel()).isEmpty();
        assertThat(launch("--solo status").out()).contains("is RUNNING.");
        assertThat(ssh.run("spark1", "docker exec vllm_node pgrep -af 'vllm serve'").exit()).isEqualTo(1);
    }

    @Nested
    class Failures {

        @Test
        void oomFaultPrintsVllmsLinesAndLeavesTheContainerUp() {
            cluster.seedModel("spark1", MODEL);
            cluster.failNextLaunchWithOom();
            assertThat(launch(SOLO_SERVE).exit()).isZero();

            awaitLogLine("RuntimeError: Engine core initialization failed. See root cause above.");
            assertInOrder(headLog(), "Loading weights took", "torch.OutOfMemoryError: CUDA out of memory",
                    "EngineCore failed to start.", "RuntimeError: Engine core initialization failed.");
            assertThat(vllm.begins).isEmpty();
            assertThat(ssh.run("spark1", "docker ps --format '{{.Names}} {{.State}}'").out())
                    .isEqualTo("vllm_node running\n");
            assertThat(ssh.run("spark1", "docker exec vllm_node pgrep -af 'vllm serve'").exit()).isEqualTo(1);
        }

        @Test
        void missingWeightsFailLikeVllmAndNothingServes() {
            assertThat(launch(SOLO_SERVE).exit()).isZero();

            awaitLogLine("ValueError: Invalid repository ID or local directory specified: 'Qwen/Qwen3-8B'.");
            assertThat(cluster.head().container("vllm_node").orElseThrow().isRunning()).isTrue();
            assertThat(cluster.head().container("vllm_node").orElseThrow().vllmProcesses()).isEmpty();
            assertThat(vllm.begins).isEmpty();
        }

        @Test
        void tensorParallelTwoOnOneSparkIsVllmsWorldSizeError() {
            cluster.seedModel("spark1", MODEL);
            assertThat(launch(SOLO_SERVE + " -tp 2").exit()).isZero();
            awaitLogLine("RuntimeError: Engine core initialization failed.");
            assertInOrder(headLog(), "ValueError: World size (2) is larger than the number of available GPUs (1)",
                    "EngineCore failed to start.");
            assertThat(vllm.begins).isEmpty();
        }

        @Test
        void aWorkerWithoutWeightsLeavesTheHeadWaitingForItsRank() {
            cluster.seedModel("spark1", MODEL);
            assertThat(launch(SERVE + " -tp 2").exit()).isZero();
            SimContainer worker = cluster.node("spark2").container("vllm_node").orElseThrow();
            await().atMost(Duration.ofSeconds(30)).until(() -> worker.logLines().stream()
                    .anyMatch(l -> l.contains("ValueError: Invalid repository ID or local directory specified")));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> vllm.begins.isEmpty());
            assertThat(cluster.head().container("vllm_node").orElseThrow().vllmProcesses()).singleElement()
                    .satisfies(p -> assertThat(p.phase()).isEqualTo(VllmProcess.Phase.LOADING));
            assertThat(headLog()).noneMatch(l -> l.contains("Application startup complete"));
        }

        @Test
        void unreachableWorkerFailsTheSshCheck() {
            cluster.node("spark2").unreachable(true);
            SimSsh.Result result = launch(SERVE + " -tp 2");
            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.out()).contains("Checking SSH connectivity to worker nodes...\n"
                    + "Error: Passwordless SSH to 192.168.177.12 failed.\n");
            assertThat(cluster.head().containers()).isEmpty();
        }

        @Test
        void imageMismatchAbortsTheClusterLaunch() {
            cluster.node("spark2").seedImage("vllm-node", "sha256:" + "e".repeat(64));
            SimSsh.Result result = launch(SERVE + " -tp 2");
            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.out()).contains("Error: Docker image mismatch on worker node (192.168.177.12):")
                    .contains("Worker: sha256:" + "e".repeat(64))
                    .contains("Sync it with: ./build-and-copy.sh --no-build -t vllm-node --copy-to <worker-hosts>");
        }

        @Test
        void invalidEnvFileAborts() {
            ssh.run("spark1", "echo 'CLUSTER_NODES=1.2.3.4' >> ~/spark-vllm-docker/.env");
            SimSsh.Result result = launch("status");
            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.out()).endsWith("Error: Invalid .env file syntax. Aborting.\n");
        }
    }

    @Test
    void clusterLaunchStartsHeadlessWorkersThenServesOnTheHead() {
        cluster.seedModel("spark1", MODEL);
        cluster.seedModel("spark2", MODEL);
        SimSsh.Result result = launch(SERVE + " -tp 2");
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("Worker Nodes: 192.168.177.12\n")
                .contains("  SSH to 192.168.177.12: OK\n")
                .contains("Docker image consistency check passed.")
                .contains("Starting Worker Node on 192.168.177.12...")
                .contains("Launching worker (rank 1) on 192.168.177.12...")
                .contains("Executing command on head node (rank 0): vllm serve Qwen/Qwen3-8B --host 0.0.0.0 "
                        + "--port 8000 -tp 2  --nnodes 2 --node-rank 0 --master-addr 192.168.177.11 --master-port 29501")
                .endsWith("Command dispatched in background (Daemon mode). Container: vllm_node\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> vllm.begins.size() == 1);
        SimContainer worker = cluster.node("spark2").container("vllm_node").orElseThrow();
        assertThat(worker.vllmProcesses()).singleElement()
                .satisfies(p -> assertThat(p.commandLine()).contains("--node-rank 1").contains("--headless"));
        assertThat(worker.logLines()).noneMatch(l -> l.contains("Application startup complete"));

        SimSsh.Result stop = launch("stop");
        assertThat(stop.out()).contains("Stopping worker node (192.168.177.12)...");
        assertThat(cluster.node("spark2").containers()).isEmpty();
        assertThat(cluster.head().containers()).isEmpty();
    }

    @Test
    void tooMuchParallelismForTheClusterIsRefused() {
        SimSsh.Result result = launch(SERVE + " -tp 4");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("Error: Command requires 4 nodes (tp=4 * pp=1 * dp=1) but only 2 node(s) "
                + "are configured.");
    }

    static void assertInOrder(List<String> log, String... fragments) {
        int from = 0;
        for (String fragment : fragments) {
            int found = -1;
            for (int i = from; i < log.size(); i++) {
                if (log.get(i).contains(fragment)) {
                    found = i;
                    break;
                }
            }
            assertThat(found).as("'%s' after line %d in%n%s", fragment, from, String.join("\n", log))
                    .isGreaterThanOrEqualTo(0);
            from = found;
        }
    }
}
