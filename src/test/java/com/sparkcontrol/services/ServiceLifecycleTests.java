package com.sparkcontrol.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.events.EventBus;
import com.sparkcontrol.sim.RecordedCommand;
import com.sparkcontrol.sim.SimContainer;
import com.sparkcontrol.support.BackgroundPollers;
import com.sparkcontrol.support.SimulatedClusterTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The lifecycle of the built-in services against the simulated audio Spark: the exact commands, and what the API shows. */
class ServiceLifecycleTests extends SimulatedClusterTest {

    static final String PARAKEET_IMAGE = "nvcr.io/nim/nvidia/parakeet-0-6b-ctc-en-us:latest";
    static final String KOKORO_IMAGE = "ghcr.io/remsky/kokoro-fastapi-gpu:latest";
    static final String TEI_IMAGE = "ghcr.io/huggingface/text-embeddings-inference:cuda-1.9";

    final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    ObjectMapper json;

    @Autowired
    EventBus events;

    @Autowired
    CamelContext camel;

    @Autowired
    ServicesStatusContributor status;

    @Value("${spark-control.ngc-api-key}")
    String ngcKey;

    /** Each test starts from an audio Spark without the built-in containers (the simulator seeds some). */
    @BeforeEach
    void noBuiltInContainersOnTheAudioSpark() throws Exception {
        for (String service : List.of("parakeet", "kokoro", "embeddings")) {
            String container = service.equals("parakeet") ? "parakeet-asr" : service.equals("kokoro") ? "kokoro-tts" : service;
            if (cluster.node("spark2").container(container).isPresent()) {
                act(service, "remove");
            }
        }
        parakeet.reset();
        diarizer.reset();
        cluster.clearRecords();
    }

    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** Waits until the service's last action ended; returns it with its log. */
    JsonNode awaitDone(String service) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> getJson("/api/services/" + service + "/last-action"),
                action -> !action.path("result").asText().equals("running"));
    }

    /** Runs an action to its end and returns it (with its log). */
    JsonNode act(String service, String action) throws Exception {
        HttpResponse<String> response = post("/api/services/" + service + "/" + action);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String actionId = json.readTree(response.body()).path("actionId").asText();
        JsonNode done = awaitDone(service);
        assertThat(done.path("actionId").asText()).isEqualTo(actionId);
        return done;
    }

    /** The docker commands that changed something on a Spark (listings by {@code docker ps} left out). */
    List<String> dockerChanges(String node) {
        return cluster.commands().stream()
                .filter(c -> c.node().equals(node) && c.program().equals("docker") && !c.argv().isEmpty() && !c.argv().get(0).equals("ps"))
                .map(RecordedCommand::line).toList();
    }

    JsonNode service(String name) throws Exception {
        for (JsonNode s : getJson("/api/services")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no service " + name + " in GET /api/services");
    }

    @Test
    void parakeetInstallLogsInWithTheKeyOnStdinPullsAndRunsItWithGpuRestartPolicyAndPort() throws Exception {
        int loginsBefore = cluster.node("spark2").dockerLogins().size();

        JsonNode done = act("parakeet", "install");

        assertThat(done.path("result").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(dockerChanges("spark2")).containsExactly(
                "docker login nvcr.io -u $oauthtoken --password-stdin",
                "docker pull " + PARAKEET_IMAGE,
                "docker run -d --name parakeet-asr --restart unless-stopped --gpus all -p 9000:9000 --shm-size=8g"
                        + " -e NGC_API_KEY -e NIM_HTTP_API_PORT=9000 -e PYTHONPATH=/opt/spark-control-diarizer " + PARAKEET_IMAGE);
        assertThat(cluster.node("spark2").dockerLogins().subList(loginsBefore, cluster.node("spark2").dockerLogins().size()))
                .singleElement().satisfies(login -> {
            assertThat(login.registry()).isEqualTo("nvcr.io");
            assertThat(login.passwordOnCommandLine()).isFalse();
            assertThat(login.passwordBytes()).isEqualTo(ngcKey.length());
        });
        SimContainer parakeetAsr = cluster.node("spark2").container("parakeet-asr").orElseThrow();
        assertThat(parakeetAsr.isRunning()).isTrue();
        assertThat(parakeetAsr.envNames()).contains("NGC_API_KEY", "NIM_HTTP_API_PORT");
        assertThat(parakeetAsr.restartPolicy()).isEqualTo("unless-stopped");
        assertThat(parakeetAsr.ports()).containsExactly("9000:9000");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theNgcKeyIsNeverInACommandLineTheLogOrTheApi(CapturedOutput output) throws Exception {
        JsonNode done = act("parakeet", "install");

        assertThat(output.getAll()).doesNotContain(ngcKey);
        assertThat(cluster.execs()).allSatisfy(exec -> assertThat(exec.commandLine()).doesNotContain(ngcKey));
        assertThat(cluster.commands()).allSatisfy(c -> assertThat(c.line()).doesNotContain(ngcKey));
        assertThat(done.toString()).doesNotContain(ngcKey);
        assertThat(getJson("/api/services").toString()).doesNotContain(ngcKey);
        assertThat(events.since(0).toString()).doesNotContain(ngcKey);
        // the key went over stdin: the login's stdin, and the run wrapper's
        assertThat(cluster.execs()).filteredOn(e -> e.commandLine().contains("docker login")).singleElement()
                .satisfies(e -> assertThat(e.stdinBytes()).isEqualTo(ngcKey.length()));
        assertThat(cluster.execs()).filteredOn(e -> e.commandLine().contains("docker run")).singleElement()
                .satisfies(e -> assertThat(e.stdinBytes()).isEqualTo(("NGC_API_KEY=" + ngcKey + "\n\n").length()));
    }

    @Test
    void reinstallRemovesTheOldContainerFirst() throws Exception {
        act("kokoro", "install");
        cluster.clearRecords();

        JsonNode done = act("kokoro", "install");

        assertThat(done.path("result").asText()).isEqualTo("succeeded");
        assertThat(dockerChanges("spark2")).containsExactly(
                "docker pull " + KOKORO_IMAGE,
                "docker rm -f kokoro-tts",
                "docker run -d --name kokoro-tts --restart unless-stopped --gpus all -p 8880:8880 " + KOKORO_IMAGE);
    }

    @Test
    void kokoroIsOneClickAndThenShowsRunningAndHealthy() throws Exception {
        JsonNode done = act("kokoro", "install");

        assertThat(done.path("result").asText()).isEqualTo("succeeded");
        assertThat(dockerChanges("spark2")).containsExactly(
                "docker pull " + KOKORO_IMAGE,
                "docker run -d --name kokoro-tts --restart unless-stopped --gpus all -p 8880:8880 " + KOKORO_IMAGE);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode kokoroItem = service("kokoro");
            assertThat(kokoroItem.path("state").asText()).isEqualTo("running");
            assertThat(kokoroItem.path("health").path("ok").asBoolean()).as(kokoroItem.toString()).isTrue();
            assertThat(kokoroItem.path("lastAction").path("result").asText()).isEqualTo("succeeded");
        });
        // /api/status carries what the last listing and probe found, without contacting the Spark itself
        cluster.clearRecords();
        JsonNode snapshot = json.valueToTree(status.snapshot());
        assertThat(cluster.execs()).isEmpty();
        assertThat(status.key()).isEqualTo("services");
        JsonNode kokoroStatus = java.util.stream.StreamSupport.stream(snapshot.path("services").spliterator(), false)
                .filter(s -> s.path("name").asText().equals("kokoro")).findFirst().orElseThrow();
        assertThat(kokoroStatus.path("state").asText()).isEqualTo("running");
        assertThat(kokoroStatus.path("healthy").asBoolean()).isTrue();
        assertThat(kokoroStatus.path("lastAction").path("action").asText()).isEqualTo("install");
    }

    @Test
    void startStopRestartAndRemoveSendExactlyTheirCommand() throws Exception {
        act("kokoro", "install");
        for (String action : List.of("stop", "start", "restart", "remove")) {
            cluster.clearRecords();

            JsonNode done = act("kokoro", action);

            assertThat(done.path("result").asText()).as(action + ": " + done).isEqualTo("succeeded");
            assertThat(dockerChanges("spark2")).as(action)
                    .containsExactly(action.equals("remove") ? "docker rm -f kokoro-tts" : "docker " + action + " kokoro-tts");
        }
        assertThat(cluster.node("spark2").container("kokoro-tts")).isEmpty();
    }

    @Test
    void stoppedContainerShowsAsExitedAndItsHealthAsDown() throws Exception {
        act("kokoro", "install");
        act("kokoro", "stop");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode kokoroItem = service("kokoro");
            assertThat(kokoroItem.path("state").asText()).isEqualTo("exited");
            assertThat(kokoroItem.path("health").path("ok").asBoolean()).isFalse();
        });
    }

    @Test
    void embeddingsInstallRunsTeiWithTheConfiguredModel() throws Exception {
        JsonNode done = act("embeddings", "install");

        assertThat(done.path("result").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(dockerChanges("spark2")).containsExactly(
                "docker pull " + TEI_IMAGE,
                "docker run -d --name embeddings --restart unless-stopped --gpus all -p 8080:80 -v spark-control-embeddings:/data "
                        + TEI_IMAGE + " --model-id BAAI/bge-m3"); // no HF token in the shared test context: the optional variable is left out
    }

    @Test
    void actionOutputIsStreamedToTheDashboardAsServiceLogEvents() throws Exception {
        List<EventBus.Event> seen = new CopyOnWriteArrayList<>();
        Runnable unsubscribe = events.subscribe(seen::add);
        try {
            JsonNode done = act("kokoro", "install");

            String actionId = done.path("actionId").asText();
            List<EventBus.Event> logs = seen.stream().filter(e -> e.type().equals(EventBus.Types.SERVICE_LOG)).toList();
            assertThat(logs).isNotEmpty();
            assertThat(logs).allSatisfy(e -> assertThat(json.valueToTree(e.data()).path("actionId").asText()).isEqualTo(actionId));
            assertThat(logs).extracting(e -> json.valueToTree(e.data()).path("line").asText())
                    .anySatisfy(line -> assertThat(line).contains("$ pull " + KOKORO_IMAGE))
                    .anySatisfy(line -> assertThat(line).containsIgnoringCase("pull")); // docker's own output
            assertThat(seen).filteredOn(e -> e.type().equals(EventBus.Types.SERVICE_STATE))
                    .extracting(e -> json.valueToTree(e.data()).path("result").asText())
                    .contains("running", "succeeded");
            assertThat(done.path("log").size()).isGreaterThan(2);
        } finally {
            unsubscribe.run();
        }
    }

    @Nested
    class Diarizer {

        @Test
        void reapplyPatchesCopiesTheOverlayRestartsParakeetAndVerifiesTheEndpoint() throws Exception {
            act("parakeet", "install");
            cluster.clearRecords();

            JsonNode done = act("diarizer", "reapply-patches");

            assertThat(done.path("result").asText()).as(done.toString()).isEqualTo("succeeded");
            assertThat(dockerChanges("spark2")).containsExactly(
                    "docker cp .spark-control/overlays/diarizer/. parakeet-asr:/opt/spark-control-diarizer",
                    "docker restart parakeet-asr");
            SimContainer parakeetAsr = cluster.node("spark2").container("parakeet-asr").orElseThrow();
            try (var in = getClass().getClassLoader().getResourceAsStream("services/diarizer-overlay/spark_diarizer.py")) {
                assertThat(parakeetAsr.file("/opt/spark-control-diarizer/spark_diarizer.py"))
                        .contains(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertThat(parakeetAsr.file("/opt/spark-control-diarizer/sitecustomize.py")).isPresent();
            assertThat(done.toString()).contains("/v1/audio/diarize-chunk answers");
        }

        @Test
        void recreatedParakeetIsReportedAsMissingTheOverlayWithTheFix() throws Exception {
            act("parakeet", "install");
            act("diarizer", "reapply-patches");
            act("parakeet", "install"); // a fresh container: the copied files are gone
            // the recreated container answers Parakeet's health but not the diarizer's endpoint
            parakeet.up();
            diarizer.down();

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode overlay = service("diarizer").path("overlay");
                assertThat(overlay.path("present").isBoolean() && !overlay.path("present").asBoolean()).as(overlay.toString()).isTrue();
                assertThat(overlay.path("detail").asText()).contains("the container was recreated; run reapply-patches");
                assertThat(overlay.path("fix").path("path").asText()).isEqualTo("/api/services/diarizer/reapply-patches");
            });
        }

        @Test
        void startStopAndRestartActOnTheParakeetContainer() throws Exception {
            act("parakeet", "install");
            cluster.clearRecords();

            act("diarizer", "restart");

            assertThat(dockerChanges("spark2")).containsExactly("docker restart parakeet-asr");
        }

        @Test
        void reapplyWithoutParakeetFailsAskingToInstallItFirst() throws Exception {
            JsonNode done = act("diarizer", "reapply-patches");

            assertThat(done.path("result").asText()).isEqualTo("failed");
            assertThat(done.path("detail").asText()).contains("parakeet-asr does not exist").contains("install parakeet first");
            assertThat(dockerChanges("spark2")).isEmpty();
        }
    }

    @Nested
    class RefusedBeforeAnySsh {

        private BackgroundPollers pollers;

        /** Only the refused requests may reach a Spark: the health poll waits meanwhile (its script removes a temp dir). */
        @BeforeEach
        void pauseBackgroundPollers() {
            pollers = BackgroundPollers.pause(camel);
            cluster.clearRecords();
        }

        @AfterEach
        void resumeBackgroundPollers() {
            pollers.resume();
        }

        void assertNothingSent() {
            assertThat(dockerChanges("spark1")).isEmpty();
            assertThat(dockerChanges("spark2")).isEmpty();
            assertThat(cluster.execs()).noneMatch(e -> e.commandLine().contains("rm ") || e.commandLine().contains("install"));
        }

        void assertJsonError(HttpResponse<String> response, int status) throws Exception {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            JsonNode body = json.readTree(response.body());
            assertThat(body.path("error").isTextual()).isTrue();
            assertThat(body.path("detail").isTextual()).isTrue();
        }

        @Test
        void hostileServiceNameIs400() throws Exception {
            assertJsonError(post("/api/services/x%3Brm%20-rf%20~/install"), 400);
            assertJsonError(post("/api/services/%24(reboot)/start"), 400);
            assertJsonError(post("/api/services/-rf/stop"), 400);
            assertNothingSent();
            assertThat(cluster.execs()).isEmpty();
        }

        @Test
        void unknownActionIs400() throws Exception {
            assertJsonError(post("/api/services/kokoro/explode"), 400);
            assertJsonError(post("/api/services/kokoro/install;reboot"), 400);
            assertThat(cluster.execs()).isEmpty();
        }

        @Test
        void unknownServiceIs404() throws Exception {
            HttpResponse<String> response = post("/api/services/whisper/install");

            assertJsonError(response, 404);
            assertThat(response.body()).contains("parakeet");
            assertThat(cluster.execs()).isEmpty();
        }

        @Test
        void anActionTheServiceDoesNotHaveIs400() throws Exception {
            assertJsonError(post("/api/services/kokoro/reapply-patches"), 400);
            assertThat(cluster.execs()).isEmpty();
        }

        @Test
        void aSecondActionOnTheSameContainerIs409() throws Exception {
            cluster.node("spark2").hang(true); // the first action's commands do not finish
            try {
                assertThat(post("/api/services/parakeet/install").statusCode()).isEqualTo(202);

                HttpResponse<String> second = post("/api/services/diarizer/reapply-patches");

                assertJsonError(second, 409);
                assertThat(second.body()).contains("parakeet install");
            } finally {
                // end the hung command (an unreachable Spark cuts its sessions) so the first action fails and ends
                cluster.node("spark2").hang(false);
                cluster.node("spark2").unreachable(true);
                cluster.node("spark2").unreachable(false);
            }
            awaitDone("parakeet");
        }
    }

    @Nested
    class SparkDown {

        @Test
        void anActionOnAnUnreachableSparkFailsWithTheReason() throws Exception {
            cluster.node("spark2").unreachable(true);

            JsonNode done = act("kokoro", "install");

            assertThat(done.path("result").asText()).isEqualTo("failed");
            assertThat(done.path("detail").asText()).contains("spark2");
        }

        @Test
        void theListStillAnswersWithStateUnknown() throws Exception {
            cluster.node("spark2").unreachable(true);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode kokoroItem = service("kokoro");
                assertThat(kokoroItem.path("state").asText()).isEqualTo("unknown");
                assertThat(kokoroItem.path("stateDetail").asText()).contains("spark2");
            });
        }
    }
}
