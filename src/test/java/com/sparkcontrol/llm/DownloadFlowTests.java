package com.sparkcontrol.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sparkcontrol.config.SparkControlProperties;
import com.sparkcontrol.config.SparkNodes;
import com.sparkcontrol.events.EventBus;
import com.sparkcontrol.sim.RecordedExec;
import com.sparkcontrol.ssh.RemoteCommand;
import com.sparkcontrol.ssh.SparkShell;
import com.sparkcontrol.support.SimulatedClusterTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Downloads through {@code hf-download.sh} on the simulated head: progress, copy to the workers, cancel, the token. */
class DownloadFlowTests extends SimulatedClusterTest {

    static final String SOLO_MODEL = "nemotron-3-nano-nvfp4";
    static final String SOLO_REPO = "nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-NVFP4";

    @Autowired
    EventBus events;
    @Autowired
    Downloads downloads;
    @Autowired
    SparkShell shell;
    @Autowired
    SparkNodes nodes;
    @Autowired
    LauncherCommands commands;
    @Autowired
    LauncherShell launcher;
    @Autowired
    WeightsOnDisk weights;
    @Autowired
    LlmProperties properties;
    @Autowired
    CamelContext camel;

    ApiClient api;
    final List<EventBus.Event> seen = new CopyOnWriteArrayList<>();
    Runnable unsubscribe;

    @BeforeEach
    void listen() {
        api = new ApiClient(baseUrl());
        unsubscribe = events.subscribe(seen::add);
    }

    @AfterEach
    void stopListening() {
        unsubscribe.run();
        downloads.all().stream().filter(d -> !d.state().isFinal()).forEach(d -> downloads.cancel(d.id()));
        await().atMost(Duration.ofSeconds(30)).until(() -> downloads.all().stream().allMatch(d -> d.state().isFinal()));
    }

    String start(String body) {
        ApiClient.Response response = api.post("/api/downloads", body);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(202);
        return response.body().path("downloadId").asText();
    }

    JsonNode awaitEnd(String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> !api.get("/api/downloads/" + id).body().path("state").asText().equals("RUNNING"));
        return api.get("/api/downloads/" + id).body();
    }

    List<JsonNode> progressOf(String id) {
        return seen.stream().filter(e -> e.type().equals(EventBus.Types.DOWNLOAD_PROGRESS))
                .map(e -> new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(e.data()))
                .map(JsonNode.class::cast).filter(d -> d.path("downloadId").asText().equals(id)).toList();
    }

    boolean onDisk(String id) {
        for (JsonNode card : api.get("/api/models").body()) {
            if (card.path("id").asText().equals(id)) {
                return card.path("onDisk").asBoolean(false);
            }
        }
        return false;
    }

    @Test
    void downloadReportsProgressAndTheCardShowsTheWeightsWithoutARestart() {
        cluster.setDownloadTime(Duration.ofSeconds(4));
        assertThat(onDisk(SOLO_MODEL)).isFalse();

        String id = start("{\"repo\": \"" + SOLO_REPO + "\"}");
        JsonNode done = awaitEnd(id);

        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("percent").asDouble()).isEqualTo(100.0);
        assertThat(progressOf(id)).anySatisfy(p -> {
            assertThat(p.path("percent").asDouble()).isBetween(1.0, 99.0);
            assertThat(p.path("bytes").asLong()).isPositive();
            assertThat(p.path("bytesPerSecond").asLong()).isPositive();
            assertThat(p.path("phase").asText()).isEqualTo("downloading");
        });
        assertThat(seen).anyMatch(e -> e.type().equals(EventBus.Types.DOWNLOAD_LOG));
        assertThat(cluster.head().hasModel(SOLO_REPO)).isTrue();
        assertThat(onDisk(SOLO_MODEL)).isTrue();
        assertThat(cluster.commands()).filteredOn(c -> c.program().endsWith("hf-download.sh"))
                .singleElement().satisfies(c -> assertThat(c.argv()).containsExactly(SOLO_REPO));
    }

    @Test
    void clusterModelIsCopiedToTheWorkersModelNameFirst() {
        cluster.setDownloadTime(Duration.ofSeconds(2));
        String id = start("{\"repo\": \"" + SwapFlowTests.CLUSTER_REPO + "\"}");
        JsonNode done = awaitEnd(id);

        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("targets").toString()).contains("spark1").contains("spark2");
        assertThat(cluster.commands()).filteredOn(c -> c.program().endsWith("hf-download.sh"))
                .singleElement().satisfies(c -> assertThat(c.argv()).containsExactly(SwapFlowTests.CLUSTER_REPO, "-c", "--copy-parallel"));
        assertThat(cluster.node("spark2").hasModel(SwapFlowTests.CLUSTER_REPO)).isTrue();
    }

    @Test
    void cancelEndsTheRemoteDownload() {
        cluster.setDownloadTime(Duration.ofSeconds(60));
        String repo = "Test/Cancel-Me-8B-" + System.nanoTime();
        String id = start("{\"repo\": \"" + repo + "\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> progressOf(id).stream().anyMatch(p -> p.path("bytes").asLong() > 0));

        assertThat(api.delete("/api/downloads/" + id).status()).isEqualTo(202);
        JsonNode done = awaitEnd(id);

        assertThat(done.path("state").asText()).isEqualTo("CANCELLED");
        assertThat(cluster.head().hasModel(repo)).isFalse();
        // the remote process is gone: nothing more lands in the cache
        long before = cachedBytes();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> cachedBytes() == before);
        assertThat(api.delete("/api/downloads/" + id).status()).isEqualTo(409);
    }

    @Test
    void notEnoughDiskSpaceFailsBeforeAnyDownload() {
        String repo = "Test/Huge-Model-" + System.nanoTime();
        assertThat(api.put("/api/models/huge-by-test/overrides", """
                {"repo": "%s", "mode": "solo", "context": 4096, "sizeGb": 90000}""".formatted(repo)).status()).isEqualTo(200);
        try {
            JsonNode done = awaitEnd(start("{\"repo\": \"" + repo + "\"}"));
            assertThat(done.path("state").asText()).isEqualTo("FAILED");
            assertThat(done.path("error").asText()).contains("spark1 has").contains("GB free").contains("needs about 99000 GB");
            assertThat(cluster.commands()).noneMatch(c -> c.program().endsWith("hf-download.sh"));
        } finally {
            api.delete("/api/models/huge-by-test/overrides");
        }
    }

    @Test
    void theTokenTravelsOnStdinAndNeverInACommandLine() throws Exception {
        String token = "hf_testTokenThatMustNotLeak123";
        SparkControlProperties withToken = new Binder(new MapConfigurationPropertySource(java.util.Map.of(
                "spark-control.hf-token", token))).bindOrCreate("spark-control", SparkControlProperties.class);
        HfDownloadRun run = new HfDownloadRun(downloads, launcher, weights, properties, withToken);
        cluster.setDownloadTime(Duration.ofSeconds(1));
        cluster.clearRecords();
        Download download = downloads.begin("Org/Tiny-1B", false, List.of("spark1"), null);
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(download);

        run.process(exchange);

        assertThat(download.state()).isEqualTo(DownloadState.SUCCEEDED);
        RecordedExec exec = cluster.execs().stream().filter(e -> e.commandLine().contains("hf-download.sh")).findFirst().orElseThrow();
        assertThat(exec.stdinBytes()).isEqualTo(token.length() + 1);
        assertThat(cluster.execs()).allSatisfy(e -> assertThat(e.commandLine()).doesNotContain(token));
        assertThat(cluster.commands()).allSatisfy(c -> assertThat(c.line()).doesNotContain(token));
        assertThat(download.log()).allSatisfy(line -> assertThat(line).doesNotContain(token));

        // and on the Spark the script's environment holds it: the same prelude, then the variable's length
        String length = shell.run(nodes.head(), commands.withTokenFromStdin(RemoteCommand.trustedScript("echo ${#HF_TOKEN}")),
                Duration.ofSeconds(20), (token + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)).stdout().strip();
        assertThat(length).isEqualTo(Integer.toString(token.length()));
    }

    private long cachedBytes() {
        try (var files = java.nio.file.Files.walk(cluster.head().hfHub())) {
            return files.filter(java.nio.file.Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
