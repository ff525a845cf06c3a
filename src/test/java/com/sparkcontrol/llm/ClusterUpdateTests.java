package com.sparkcontrol.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sparkcontrol.sim.RecordedCommand;
import com.sparkcontrol.support.SimulatedClusterTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/cluster/update}: git pull and build-and-copy.sh on the simulated head, then the image's vLLM version. */
class ClusterUpdateTests extends SimulatedClusterTest {

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(baseUrl());
    }

    @Test
    void updatePullsBuildsCopiesAndReportsTheVllmVersion() {
        cluster.publishUpstreamCommit("launch-cluster.sh: a fix");
        ApiClient.Response started = api.post("/api/cluster/update", null);
        assertThat(started.status()).isEqualTo(202);
        String id = started.body().path("updateId").asText();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> !api.get("/api/cluster/update").body().path("state").asText().equals("RUNNING"));
        JsonNode update = api.get("/api/cluster/update").body();

        assertThat(update.path("updateId").asText()).isEqualTo(id);
        assertThat(update.path("state").asText()).as(update.toString()).isEqualTo("SUCCEEDED");
        assertThat(cluster.commands()).extracting(RecordedCommand::line)
                .anySatisfy(line -> assertThat(line).isEqualTo("git pull --ff-only"))
                .anySatisfy(line -> assertThat(line).endsWith("build-and-copy.sh -c"));
        assertThat(update.path("image").path("vllmVersion").asText()).as(update.toString()).isNotBlank();
        assertThat(api.get("/api/cluster/image").body().path("vllmVersion").asText()).isNotBlank();
    }
}
