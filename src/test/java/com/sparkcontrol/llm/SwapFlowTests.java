package com.sparkcontrol.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sparkcontrol.catalog.ModelCatalog;
import com.sparkcontrol.config.SparkNodes;
import com.sparkcontrol.events.EventBus;
import com.sparkcontrol.sim.RecordedCommand;
import com.sparkcontrol.ssh.RemoteCommand;
import com.sparkcontrol.ssh.SparkShell;
import com.sparkcontrol.support.SimulatedClusterTest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The swap route against the simulated Sparks: real SSH, real bash, the simulated launcher and vLLM. */
class SwapFlowTests extends SimulatedClusterTest {

    static final String SOLO = "qwen3.6-35b-a3b-fp8";
    static final String SOLO_REPO = "Qwen/Qwen3.6-35B-A3B-FP8";
    static final String CLUSTER = "minimax-m2-awq";
    static final String CLUSTER_REPO = "QuantTrio/MiniMax-M2-AWQ";

    @Autowired
    ActiveModel activeModel;
    @Autowired
    EventBus events;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    VllmModels vllmModels;
    @Autowired
    LoadTimes loadTimes;
    @Autowired
    LlmProperties properties;
    @Autowired
    ModelCatalog catalog;
    @Autowired
    ImageVersion image;
    @Autowired
    SparkShell shell;
    @Autowired
    SparkNodes nodes;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(baseUrl());
    }

    @AfterEach
    void leaveNoSwapRunning() {
        if (activeModel.current().map(Swap::inFlight).orElse(false)) {
            api.delete("/api/swap");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> activeModel.current().map(Swap::finished).orElse(true));
    }

    String switchTo(String id) {
        ApiClient.Response response = api.post("/api/models/" + id + "/switch", null);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(202);
        return response.body().path("swapId").asText();
    }

    JsonNode awaitFinished(String swapId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode swap = api.get("/api/swap").body();
            return swap.path("swapId").asText().equals(swapId) && swap.path("finished").asBoolean();
        });
        return api.get("/api/swap").body();
    }

    void awaitState(String swapId, String state) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode swap = api.get("/api/swap").body();
            return swap.path("swapId").asText().equals(swapId) && swap.path("state").asText().equals(state);
        });
    }

    List<String> launcherCalls() {
        return cluster.commands().stream().filter(c -> c.program().endsWith("launch-cluster.sh")).map(RecordedCommand::line).toList();
    }

    boolean activeIs(String id) {
        for (JsonNode card : api.get("/api/models").body()) {
            if (card.path("id").asText().equals(id)) {
                return card.path("active").asBoolean();
            }
        }
        return false;
    }

    @Test
    void soloSwapStopsThenLaunchesDetachedAndIsReadyWhenVllmServesTheModel() {
        cluster.seedModel("spark1", SOLO_REPO);
        String swapId = switchTo(SOLO);
        JsonNode swap = awaitFinished(swapId);

        assertThat(swap.path("state").asText()).isEqualTo("READY");
        assertThat(swap.path("percent").asInt()).isEqualTo(100);
        assertThat(cluster.head().servingModel()).contains(SOLO_REPO);
        assertThat(activeIs(SOLO)).isTrue();
        assertThat(launcherCalls()).hasSize(2);
        assertThat(launcherCalls().get(0)).endsWith("stop");
        assertThat(launcherCalls().get(1)).contains("--solo").contains("-d exec vllm serve " + SOLO_REPO + " --host 0.0.0.0 --port")
                .contains("--max-model-len 65536");
        assertThat(cluster.execs()).filteredOn(e -> e.commandLine().contains("./launch-cluster.sh"))
                .allSatisfy(e -> assertThat(e.commandLine()).contains("< /dev/null"));
        assertThat(swap.path("log").toString()).contains("Application startup complete.");
        assertThat(loadTimes.last(SOLO)).isPresent();
        assertThat(activeModel.unavailable()).isEmpty();
        JsonNode status = api.get("/api/status").body().path("llm");
        assertThat(status.path("activeModel").asText()).isEqualTo(SOLO);
        assertThat(status.path("swap").path("state").asText()).isEqualTo("READY");
    }

    @Test
    void clusterSwapLaunchesWithoutSoloAndNeedsTheWeightsOnEveryNode() {
        cluster.seedModel("spark1", CLUSTER_REPO);
        cluster.seedModel("spark2", CLUSTER_REPO);
        JsonNode swap = awaitFinished(switchTo(CLUSTER));

        assertThat(swap.path("state").asText()).as(swap.toString()).isEqualTo("READY");
        assertThat(launcherCalls()).allSatisfy(line -> assertThat(line).doesNotContain("--solo"));
        assertThat(launcherCalls()).anySatisfy(line -> assertThat(line).contains("-d exec vllm serve " + CLUSTER_REPO));
        assertThat(cluster.node("spark2").container(LauncherCommands.CONTAINER)).get()
                .satisfies(c -> assertThat(c.isRunning()).isTrue());
    }

    @Test
    void everyVllmLineReachesTheEventStreamOnceAndInOrderAcrossPolls() throws Exception {
        cluster.seedModel("spark1", SOLO_REPO);
        cluster.setLoadTime(Duration.ofSeconds(4)); // several polls, lines written between and during them
        try (EventStreamReader stream = EventStreamReader.open(baseUrl())) {
            String swapId = switchTo(SOLO);
            awaitState(swapId, "LOADING");
            // a burst of extra lines while vLLM prints its own: many land between and during polls
            var container = cluster.head().container(LauncherCommands.CONTAINER).orElseThrow();
            for (int i = 0; i < 300; i++) {
                container.appendLog("burst line " + i);
                if (i % 50 == 0) {
                    Thread.sleep(300);
                }
            }
            assertThat(awaitFinished(swapId).path("state").asText()).isEqualTo("READY");
            List<String> containerLog = cluster.head().container(LauncherCommands.CONTAINER).orElseThrow().logLines();
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.swapLines(swapId, "vllm").size() >= containerLog.size());
            assertThat(stream.swapLines(swapId, "vllm")).containsExactlyElementsOf(containerLog);
            List<Long> seqs = stream.swapSeqs(swapId);
            assertThat(seqs).doesNotHaveDuplicates().isSorted();
        }
    }

    @Test
    void swapGateReportsTheModelAndAnEtaWhileLoading() {
        cluster.seedModel("spark1", SOLO_REPO);
        cluster.setLoadTime(Duration.ofSeconds(30));
        String swapId = switchTo(SOLO);
        awaitState(swapId, "LOADING");
        Optional<SwapGate.Unavailable> gate = activeModel.unavailable();
        assertThat(gate).get().satisfies(u -> {
            assertThat(u.model()).isEqualTo(SOLO_REPO);
            assertThat(u.state()).isEqualTo("LOADING");
            assertThat(u.eta()).isPositive();
        });
    }

    @Test
    void restartedControllerLearnsTheActiveModelFromVllmAndAssumesNothing() throws Exception {
        cluster.seedModel("spark1", SOLO_REPO);
        assertThat(awaitFinished(switchTo(SOLO)).path("state").asText()).isEqualTo("READY");

        // a fresh owner, as after a restart: nothing is known until /v1/models is asked
        ActiveModel restarted = new ActiveModel(events, loadTimes, properties, new ClusterWork(), catalog, image);
        assertThat(restarted.active()).isEmpty();
        restarted.detected(vllmModels.list().flatMap(list -> list.stream().findFirst()).map(VllmModels.Served::id));
        assertThat(restarted.active()).get().extracting(m -> m.id()).isEqualTo(SOLO);

        // the model stopped behind Spark Control's back: the next detection says so
        shell.run(nodes.head(), RemoteCommand.of("./launch-cluster.sh", "--solo", "stop").inDirectory("~/spark-vllm-docker"));
        producer.requestBody("direct:llm-detect-active", (Object) null);
        assertThat(activeModel.active()).isEmpty();
        assertThat(activeIs(SOLO)).isFalse();
    }

    @Nested
    class Refused {

        @Test
        void secondSwitchWhileOneRunsIsAConflict() {
            cluster.seedModel("spark1", SOLO_REPO);
            cluster.setLoadTime(Duration.ofSeconds(30));
            switchTo(SOLO);
            ApiClient.Response second = api.post("/api/models/" + CLUSTER + "/switch", null);
            assertThat(second.status()).isEqualTo(409);
            assertThat(second.body().path("detail").asText()).contains("is running");
            assertThat(api.post("/api/models/" + SOLO + "/switch", null).status()).isEqualTo(409);
        }

        @Test
        void unknownModelIsNotFound() {
            ApiClient.Response response = api.post("/api/models/no-such-model/switch", null);
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.body().path("error").asText()).isEqualTo("not found");
        }

        @Test
        void cancelWithoutASwapIsAConflict() {
            assertThat(api.delete("/api/swap").status()).isEqualTo(409);
        }
    }

    @Nested
    class Failures {

        @Test
        void swapKeepsRunningModelWhenWeightsMissing() {
            cluster.seedModel("spark1", SOLO_REPO);
            assertThat(awaitFinished(switchTo(SOLO)).path("state").asText()).isEqualTo("READY");
            String repo = "Test/Only-On-Head-" + System.nanoTime();
            cluster.seedModel("spark1", repo); // spark2 lacks it
            assertThat(api.put("/api/models/missing-on-worker/overrides", """
                    {"repo": "%s", "mode": "cluster", "context": 4096, "flags": ["--tensor-parallel-size", "2"]}""".formatted(repo))
                    .status()).isEqualTo(200);
            cluster.clearRecords();
            try {
                JsonNode swap = awaitFinished(switchTo("missing-on-worker"));

                assertThat(swap.path("state").asText()).isEqualTo("FAILED");
                assertThat(swap.path("errorKind").asText()).isEqualTo("pre-flight");
                assertThat(swap.path("error").asText()).contains(repo).contains("spark2").doesNotContain("spark1,");
                assertThat(launcherCalls()).isEmpty();
                assertThat(cluster.head().servingModel()).contains(SOLO_REPO);
                assertThat(activeIs(SOLO)).isTrue();
            } finally {
                api.delete("/api/models/missing-on-worker/overrides");
            }
        }

        @Test
        void headDownFailsThePreflightAtOnce() {
            cluster.head().unreachable(true);
            try {
                JsonNode swap = awaitFinished(switchTo(SOLO));
                assertThat(swap.path("state").asText()).isEqualTo("FAILED");
                assertThat(swap.path("errorKind").asText()).startsWith("pre-flight");
                assertThat(swap.path("error").asText()).contains("spark1");
            } finally {
                cluster.head().unreachable(false);
            }
        }

        @Test
        void outOfMemoryFailsAtOnceNamingTheOomLine() {
            cluster.seedModel("spark1", SOLO_REPO);
            cluster.failNextLaunchWithOom();
            JsonNode swap = awaitFinished(switchTo(SOLO)); // well within a minute, not the 30-minute timeout

            assertThat(swap.path("state").asText()).isEqualTo("FAILED");
            assertThat(swap.path("errorKind").asText()).isEqualTo("out of memory");
            assertThat(swap.path("error").asText()).contains("torch.OutOfMemoryError: CUDA out of memory");
            assertThat(cluster.head().container(LauncherCommands.CONTAINER)).isEmpty(); // cleaned up
        }

        @Test
        void missingImageFailsAtOnceWithTheLaunchersLine() {
            cluster.seedModel("spark1", SOLO_REPO);
            assertThat(api.put("/api/models/unbuilt-image/overrides", """
                    {"repo": "%s", "mode": "solo", "context": 4096, "image": "vllm-node-never-built"}""".formatted(SOLO_REPO)).status())
                    .isEqualTo(200);
            try {
                JsonNode swap = awaitFinished(switchTo("unbuilt-image"));
                assertThat(swap.path("state").asText()).isEqualTo("FAILED");
                assertThat(swap.path("errorKind").asText()).isEqualTo("image missing");
                assertThat(swap.path("error").asText()).contains("vllm-node-never-built");
            } finally {
                api.delete("/api/models/unbuilt-image/overrides");
            }
        }

        @Test
        void loadThatOutlivesTheModelsTimeoutFailsAndIsStopped() {
            cluster.seedModel("spark1", SOLO_REPO);
            assertThat(api.put("/api/models/timeout-probe/overrides", """
                    {"repo": "%s", "mode": "solo", "context": 4096, "loadTimeout": "5s"}""".formatted(SOLO_REPO)).status()).isEqualTo(200);
            try {
                cluster.setLoadTime(Duration.ofMinutes(5));
                JsonNode swap = awaitFinished(switchTo("timeout-probe"));
                assertThat(swap.path("state").asText()).isEqualTo("FAILED");
                assertThat(swap.path("errorKind").asText()).isEqualTo("timeout");
                assertThat(cluster.head().container(LauncherCommands.CONTAINER)).isEmpty();
            } finally {
                api.delete("/api/models/timeout-probe/overrides");
            }
        }

        @Test
        void cancelStopsTheLaunchAndLeavesAStoppedCluster() {
            cluster.seedModel("spark1", SOLO_REPO);
            cluster.setLoadTime(Duration.ofSeconds(60));
            String swapId = switchTo(SOLO);
            awaitState(swapId, "LOADING");

            ApiClient.Response cancel = api.delete("/api/swap");
            assertThat(cancel.status()).isEqualTo(202);
            JsonNode swap = awaitFinished(swapId);

            assertThat(swap.path("state").asText()).isEqualTo("CANCELLED");
            assertThat(cluster.nodes()).allSatisfy(node -> assertThat(node.container(LauncherCommands.CONTAINER)).isEmpty());
            assertThat(launcherCalls().get(launcherCalls().size() - 1)).endsWith("stop");
            assertThat(activeModel.unavailable()).isEmpty();
        }

        @Test
        void sshDropMidSwapFailsWithTheCauseAndTheNextSwapWorks() {
            cluster.seedModel("spark1", SOLO_REPO);
            cluster.setLoadTime(Duration.ofSeconds(30));
            String swapId = switchTo(SOLO);
            awaitState(swapId, "LOADING");

            cluster.head().dropConnectionsAfter(Duration.ZERO);
            JsonNode swap;
            try {
                swap = awaitFinished(swapId);
            } finally {
                cluster.head().dropConnectionsAfter(null);
            }
            assertThat(swap.path("state").asText()).isEqualTo("FAILED");
            assertThat(swap.path("errorKind").asText()).startsWith("ssh");
            assertThat(swap.path("error").asText()).contains("spark1");

            cluster.setLoadTime(Duration.ofSeconds(1));
            assertThat(awaitFinished(switchTo(SOLO)).path("state").asText()).isEqualTo("READY");
        }
    }
}
