package com.sparkcontrol.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.config.DataDirectory;
import com.sparkcontrol.events.EventBus;
import com.sparkcontrol.sim.RecordedExec;
import com.sparkcontrol.support.SimulatedClusterTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The health poll against the simulated Sparks: figures, faults, the one-exec rule, the endpoints built on it. */
class HealthPollTests extends SimulatedClusterTest {

    @Autowired
    HealthProperties properties;
    @Autowired
    DataDirectory dataDirectory;
    @Autowired
    ClusterHealth health;
    @Autowired
    EventBus bus;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return json.readTree(response.body());
    }

    JsonNode spark(String id) throws Exception {
        return get("/api/hardware").path("sparks").path(id);
    }

    /** Execs of the gatherer script on one Spark (other capabilities may run their own commands meanwhile). */
    long gathererExecs(String node) {
        return cluster.execs().stream().filter(e -> e.node().equals(node))
                .filter(e -> e.commandLine().contains("### meminfo")).count();
    }

    Duration downWithin() {
        // one poll interval for the next poll to start, the SSH timeout for it to give up, and slack for a busy CI
        return properties.pollInterval().plus(properties.sshTimeout()).plusSeconds(5);
    }

    /**
     * Waits for the end of the next whole poll and returns its time. (A NotifyBuilder on {@code health-poll} would
     * also count the multicast's and split's sub-exchanges, which complete before the poll does.)
     */
    Instant awaitPollAfter(Instant after) {
        await().atMost(properties.pollInterval().plus(properties.sshTimeout()).plusSeconds(20))
                .until(() -> health.lastPollAt().filter(t -> after == null || t.isAfter(after)).isPresent());
        return health.lastPollAt().orElseThrow();
    }

    @Test
    void bothSparksFiguresAppear() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String id : new String[] {"spark1", "spark2"}) {
                JsonNode s = spark(id);
                assertThat(s.path("state").asText()).as(id).isEqualTo("up");
                assertThat(s.path("cpu").path("percent").isNumber()).as(id + " cpu %").isTrue();
                assertThat(s.path("cpu").path("cores").asInt()).isEqualTo(20);
                assertThat(s.path("memory").path("totalBytes").asLong()).isPositive();
                assertThat(s.path("memory").path("usedBytes").asLong()).isPositive();
                assertThat(s.path("gpu").path("name").asText()).contains("GB10");
                assertThat(s.path("gpu").path("temperatureC").isNumber()).isTrue();
                assertThat(s.path("disk").path("freeBytes").asLong()).isPositive();
                assertThat(s.path("containers").isArray()).isTrue();
                assertThat(s.path("history").path("series").path("cpuPercent").size()).isPositive();
            }
        });
    }

    @Test
    void gb10MemoryNotAvailableFromNvidiaSmiIsReportedAsOneUnifiedPool() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode s = spark("spark1");
            assertThat(s.path("memory").path("unified").asBoolean()).isTrue();
            assertThat(s.path("gpu").path("memoryTotalBytes").isNull()).isTrue();
            assertThat(s.path("memory").path("availableBytes").asLong())
                    .isEqualTo(s.path("memory").path("totalBytes").asLong() - s.path("memory").path("usedBytes").asLong());
        });
    }

    @Test
    void eachPollRunsExactlyOneSshExecPerSpark() {
        // a poll may be running now, its exec recorded before the records were cleared: start counting after it
        Instant first = awaitPollAfter(health.lastPollAt().orElse(null));
        long spark1 = gathererExecs("spark1");
        long spark2 = gathererExecs("spark2");

        Instant second = awaitPollAfter(first);

        assertThat(gathererExecs("spark1") - spark1).isEqualTo(1);
        assertThat(gathererExecs("spark2") - spark2).isEqualTo(1);
        assertThat(cluster.execs().stream().filter(e -> e.commandLine().contains("### meminfo")).map(RecordedExec::node))
                .as("no Spark besides the two is polled").containsOnly("spark1", "spark2");
        assertThat(health.lastPollAt()).as("no third poll ended while counting").contains(second);
    }

    @Test
    void launchClusterIsFoundOnBothSparksUntilItGoesMissing() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String id : new String[] {"spark1", "spark2"}) {
                JsonNode repoDir = get("/api/status").path("sparks").path(id).path("repoDir");
                assertThat(repoDir.path("path").asText()).as(id).isEqualTo("~/spark-vllm-docker");
                assertThat(repoDir.path("found").isBoolean() && repoDir.path("found").asBoolean()).as(id + " found").isTrue();
                assertThat(get("/api/health").path("sparks").path(id).path("repoDir").path("found").asBoolean()).as(id).isTrue();
            }
        });

        cluster.node("spark2").launcherMissing(true);

        await().atMost(downWithin()).untilAsserted(() -> {
            JsonNode repoDir = get("/api/status").path("sparks").path("spark2").path("repoDir");
            assertThat(repoDir.path("found").isBoolean()).as("found is known").isTrue();
            assertThat(repoDir.path("found").asBoolean()).as("spark2 found").isFalse();
            assertThat(get("/api/health").path("sparks").path("spark2").path("repoDir").path("found").asBoolean()).isFalse();
        });
        assertThat(get("/api/status").path("sparks").path("spark1").path("repoDir").path("found").asBoolean()).isTrue();

        cluster.node("spark2").launcherMissing(false);

        await().atMost(downWithin()).until(() -> get("/api/status").path("sparks").path("spark2").path("repoDir").path("found").asBoolean());
    }

    @Test
    void connectivityHistoryOnDiskIsReadBackByANewOwner() {
        await().atMost(Duration.ofSeconds(30)).until(() -> spark("spark2").path("state").asText().equals("up"));

        ConnectivityHistory reopened = new ConnectivityHistory(dataDirectory, properties);

        assertThat(reopened.last("spark2")).get().extracting(ConnectivityHistory.Transition::state).isEqualTo("up");
        assertThat(reopened.uptimePercent("spark1", Duration.ofHours(24))).isNotNull();
    }

    @Test
    void statusDeltasGoOutOnlyWhenSomethingChangesAndHealthTicksEveryPoll() {
        await().atMost(Duration.ofSeconds(30)).until(() -> spark("spark1").path("state").asText().equals("up"));
        Instant settled = awaitPollAfter(health.lastPollAt().orElse(null));
        List<EventBus.Event> seen = new CopyOnWriteArrayList<>();
        Runnable unsubscribe = bus.subscribe(seen::add);
        try {
            awaitPollAfter(awaitPollAfter(settled));

            assertThat(seen).filteredOn(e -> e.type().equals(EventBus.Types.HEALTH)).hasSizeGreaterThanOrEqualTo(2);
            assertThat(seen).filteredOn(e -> aboutSpark(e, "spark1")).as("nothing changed on spark1").isEmpty();

            cluster.node("spark1").unreachable(true);

            await().atMost(downWithin()).until(() -> seen.stream().anyMatch(e -> aboutSpark(e, "spark1")));
            Map<?, ?> delta = (Map<?, ?>) ((Map<?, ?>) seen.stream().filter(e -> aboutSpark(e, "spark1")).findFirst()
                    .orElseThrow().data()).get("sparks");
            assertThat(((Map<?, ?>) delta.get("spark1")).get("state")).isEqualTo("down");
        } finally {
            unsubscribe.run();
            cluster.node("spark1").unreachable(false);
            await().atMost(downWithin()).until(() -> spark("spark1").path("state").asText().equals("up"));
        }
    }

    static boolean aboutSpark(EventBus.Event e, String spark) {
        return e.type().equals(EventBus.Types.STATUS) && e.data() instanceof Map<?, ?> data
                && data.get("sparks") instanceof Map<?, ?> sparks && sparks.containsKey(spark);
    }

    @Nested
    class WhenASparkFails {

        @Test
        void aHungSparkIsMarkedDownWhileTheOtherKeepsUpdating() throws Exception {
            await().atMost(Duration.ofSeconds(30)).until(() -> spark("spark2").path("state").asText().equals("up"));
            cluster.node("spark2").hang(true);
            Instant hungAt = Instant.now();

            await().atMost(downWithin()).untilAsserted(() -> {
                JsonNode s = spark("spark2");
                assertThat(s.path("state").asText()).isEqualTo("down");
                assertThat(s.path("reasonCode").asText()).isEqualTo("TIMEOUT");
            });
            String spark1Before = spark("spark1").path("polledAt").asText();
            await().atMost(downWithin()).untilAsserted(() -> {
                JsonNode s = spark("spark1");
                assertThat(s.path("state").asText()).isEqualTo("up");
                assertThat(Instant.parse(s.path("polledAt").asText())).isAfter(hungAt);
                assertThat(s.path("polledAt").asText()).isNotEqualTo(spark1Before);
            });
            assertThat(get("/api/connectivity").path("transitions").findValuesAsText("cause"))
                    .anyMatch(c -> c.contains("did not finish"));

            cluster.node("spark2").hang(false);
            await().atMost(downWithin()).until(() -> spark("spark2").path("state").asText().equals("up"));
        }

        @Test
        void anUnreachableSparkIsMarkedDownWithItsReason() throws Exception {
            await().atMost(Duration.ofSeconds(30)).until(() -> spark("spark1").path("state").asText().equals("up"));
            cluster.node("spark1").unreachable(true);

            await().atMost(downWithin()).untilAsserted(() -> {
                JsonNode s = spark("spark1");
                assertThat(s.path("state").asText()).isEqualTo("down");
                assertThat(s.path("reason").asText()).contains("unreachable");
                assertThat(get("/api/status").path("sparks").path("spark1").path("reachable").asBoolean()).isFalse();
                assertThat(get("/api/health").path("sparks").path("spark1").path("status").asText()).isEqualTo("down");
                assertThat(get("/api/status").path("sparks").path("spark1").path("repoDir").path("found").isNull())
                        .as("an unreachable Spark's repo dir is unknown").isTrue();
            });
            assertThat(spark("spark2").path("state").asText()).isEqualTo("up");

            cluster.node("spark1").unreachable(false);
            await().atMost(downWithin()).until(() -> spark("spark1").path("state").asText().equals("up"));
        }
    }
}
