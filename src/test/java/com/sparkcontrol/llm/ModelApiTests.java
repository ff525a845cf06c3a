package com.sparkcontrol.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sparkcontrol.config.DataDirectory;
import com.sparkcontrol.support.SimulatedClusterTest;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code GET /api/models} and the Advanced settings over HTTP, with the simulated Sparks' HF caches. */
class ModelApiTests extends SimulatedClusterTest {

    @Autowired
    DataDirectory data;
    @Autowired
    WeightsOnDisk weights;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(baseUrl());
        weights.invalidate();
    }

    @AfterEach
    void restoreCatalog() {
        api.delete("/api/models/" + SwapFlowTests.SOLO + "/overrides");
        api.delete("/api/models/added-by-test/overrides");
    }

    JsonNode card(String id) {
        for (JsonNode card : api.get("/api/models").body()) {
            if (card.path("id").asText().equals(id)) {
                return card;
            }
        }
        throw new AssertionError("no card " + id);
    }

    @Test
    void cardsSayWhichNodesHoldTheWeights() {
        cluster.seedModel("spark1", SwapFlowTests.SOLO_REPO);
        cluster.seedModel("spark1", SwapFlowTests.CLUSTER_REPO);

        JsonNode solo = card(SwapFlowTests.SOLO);
        assertThat(solo.path("mode").asText()).isEqualTo("solo");
        assertThat(solo.path("context").asInt()).isEqualTo(65536);
        assertThat(solo.path("onDisk").asBoolean()).isTrue();
        assertThat(solo.path("onDiskNodes").has("spark2")).isFalse();

        JsonNode clustered = card(SwapFlowTests.CLUSTER);
        assertThat(clustered.path("onDisk").asBoolean()).isFalse();
        assertThat(clustered.path("onDiskNodes").path("spark1").asBoolean()).isTrue();
        assertThat(clustered.path("onDiskNodes").path("spark2").asBoolean()).isFalse();
        assertThat(api.get("/api/models").body().size()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void advancedSettingsArePersistedAndServed() throws Exception {
        ApiClient.Response put = api.put("/api/models/" + SwapFlowTests.SOLO + "/overrides",
                "{\"context\": 32768, \"flags\": [\"--gpu-memory-utilization\", \"0.7\"]}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().path("context").asInt()).isEqualTo(32768);
        assertThat(card(SwapFlowTests.SOLO).path("overridden").asBoolean()).isTrue();
        assertThat(Files.readString(data.resolve("models-overrides.yaml"))).contains("32768");

        assertThat(api.put("/api/models/no-such-model/overrides", "{\"context\": 4096}").status()).isEqualTo(404);
        ApiClient.Response added = api.put("/api/models/added-by-test/overrides",
                "{\"repo\": \"Org/Added-Model\", \"mode\": \"solo\", \"context\": 8192}");
        assertThat(added.status()).isEqualTo(200);
        assertThat(card("added-by-test").path("bundled").asBoolean()).isFalse();
    }
}
