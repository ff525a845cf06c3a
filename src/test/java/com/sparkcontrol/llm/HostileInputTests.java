package com.sparkcontrol.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sparkcontrol.config.DataDirectory;
import com.sparkcontrol.sim.RecordedExec;
import com.sparkcontrol.support.SimulatedClusterTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every value a client sends is validated before any SSH: a hostile one is a 400 and the Sparks see nothing. */
class HostileInputTests extends SimulatedClusterTest {

    static final List<String> HOSTILE_IDS = List.of(
            "%24%28reboot%29",            // $(reboot)
            "%60id%60",                   // `id`
            "a%20b",                      // a space
            "-rf",
            "Upper-Case",
            "x%0Ay",                      // a newline
            "m%C3%B6del",                 // non-ASCII
            "a".repeat(65),
            "a%7C%7Creboot");             // a||reboot

    static final List<String> HOSTILE_REPOS = List.of(
            "{\"repo\": \"../../etc/passwd\"}",
            "{\"repo\": \"Org/Name; rm -rf ~\"}",
            "{\"repo\": \"Org/Name$(id)\"}",
            "{\"repo\": \"-c/evil\"}",
            "{\"repo\": \"Org//Name\"}",
            "{\"repo\": \"Org/Name --copy-to evil\"}",
            "{\"repo\": \"Org/Na`id`me\"}",
            "{\"repo\": \"\"}",
            "{}",
            "{\"repo\": 42}",
            "not json");

    @Autowired
    DataDirectory data;

    ApiClient api;

    /** Every SSH command the Sparks received, except the health poll's own gatherer (it runs every few seconds). */
    List<String> sshCommandsSent() {
        return cluster.execs().stream().map(RecordedExec::commandLine).filter(line -> !line.contains("### meminfo")).toList();
    }

    @BeforeEach
    void client() {
        api = new ApiClient(baseUrl());
        cluster.clearRecords();
    }

    @Test
    void hostileModelIdsAreRefusedWithoutOneCommand() {
        for (String id : HOSTILE_IDS) {
            ApiClient.Response switched = api.post("/api/models/" + id + "/switch", null);
            assertThat(switched.status()).as(id).isEqualTo(400);
            assertThat(switched.contentType()).as(id).contains("json");
            assertThat(api.put("/api/models/" + id + "/overrides", "{\"context\": 4096}").status()).as(id).isEqualTo(400);
        }
        assertThat(sshCommandsSent()).isEmpty();
    }

    @Test
    void hostileReposAndDownloadIdsAreRefusedWithoutOneCommand() {
        for (String body : HOSTILE_REPOS) {
            ApiClient.Response response = api.post("/api/downloads", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.body().path("error").isTextual()).as(body).isTrue();
        }
        assertThat(api.delete("/api/downloads/%24%28id%29").status()).isEqualTo(400);
        assertThat(api.delete("/api/downloads/0000000g").status()).isEqualTo(400);
        assertThat(api.delete("/api/downloads/00000000").status()).isEqualTo(404);
        assertThat(sshCommandsSent()).isEmpty();
    }

    @Test
    void hostileOverridesAreRefusedWithoutOneCommandAndNothingIsStored() throws Exception {
        List<String> bodies = List.of(
                "{\"flags\": [\"--served-model-name\", \"$(reboot)\"]}",
                "{\"flags\": [\"--x\", \"a;b\"]}",
                "{\"flags\": [\"--port\", \"22\"]}",
                "{\"env\": [\"LD_PRELOAD=/tmp/x y\"]}",
                "{\"env\": [\"HF_TOKEN=hf_secret\"]}",
                "{\"mods\": [\"../../../tmp/evil\"]}",
                "{\"image\": \"evil image\"}",
                "{\"repo\": \"Org/Name && reboot\"}",
                "{\"context\": 99}",
                "{\"unknown\": 1}");
        for (String body : bodies) {
            ApiClient.Response response = api.put("/api/models/" + SwapFlowTests.SOLO + "/overrides", body);
            assertThat(response.status()).as(body).isEqualTo(400);
        }
        Path overrides = data.resolve("models-overrides.yaml");
        if (Files.exists(overrides)) {
            assertThat(Files.readString(overrides)).doesNotContain("reboot").doesNotContain("hf_secret").doesNotContain("evil");
        }
        assertThat(sshCommandsSent()).isEmpty();
    }
}
