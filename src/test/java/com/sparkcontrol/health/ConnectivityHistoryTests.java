package com.sparkcontrol.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sparkcontrol.config.DataDirectory;
import com.sparkcontrol.config.SparkControlProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ConnectivityHistoryTests {

    @TempDir
    Path dir;

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2025-06-01T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    final ManualClock clock = new ManualClock();

    static DataDirectory dataDirectory(Path dir) {
        SparkControlProperties properties = new Binder(new MapConfigurationPropertySource(Map.of("spark-control.data-dir", dir.toString())))
                .bindOrCreate("spark-control", SparkControlProperties.class);
        return new DataDirectory(properties);
    }

    ConnectivityHistory open(int limit) {
        return new ConnectivityHistory(dataDirectory(dir), limit, 50, clock);
    }

    @Test
    void transitionsAndReportsSurviveARestart() {
        ConnectivityHistory before = open(100);
        before.observe("spark2", "spark", true, "answered");
        clock.advance(Duration.ofMinutes(1));
        before.observe("spark2", "spark", false, "spark2 (127.0.0.1:2222) is unreachable: Connection refused");
        before.report("open-webui", "llm", "502 from /v1/chat/completions");

        ConnectivityHistory after = open(100);

        assertThat(after.transitions()).extracting(ConnectivityHistory.Transition::state).containsExactly("up", "down");
        assertThat(after.last("spark2")).get().extracting(ConnectivityHistory.Transition::cause).asString().contains("unreachable");
        assertThat(after.reports()).singleElement().extracting(ConnectivityHistory.Report::source).isEqualTo("open-webui");
        assertThat(after.observe("spark2", "spark", false, "still down")).as("same state after restart: no new transition").isEmpty();
    }

    @Test
    void theSameStateAgainIsNotATransitionAndWritesNothing() throws Exception {
        ConnectivityHistory history = open(100);
        history.observe("llm", "backend", true, "healthy");
        Path file = dir.resolve("connectivity.json");
        var modified = Files.getLastModifiedTime(file);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));

        assertThat(history.observe("llm", "backend", true, "healthy")).isEmpty();
        assertThat(Files.getLastModifiedTime(file).toMillis()).isZero();
        assertThat(modified.toMillis()).isPositive();
    }

    @Test
    void keepsOnlyTheNewestTransitions() {
        ConnectivityHistory history = open(10);
        for (int i = 0; i < 25; i++) {
            history.observe("spark1", "spark", i % 2 == 0, "flap " + i);
        }

        assertThat(open(10).transitions()).hasSize(10).last().extracting(ConnectivityHistory.Transition::cause).isEqualTo("flap 24");
    }

    @Test
    void uptimeCountsTheShareOfKnownTimeSpentUp() {
        ConnectivityHistory history = open(100);
        history.observe("spark1", "spark", true, "answered");
        clock.advance(Duration.ofHours(3));
        history.observe("spark1", "spark", false, "timeout");
        clock.advance(Duration.ofHours(1));

        assertThat(history.uptimePercent("spark1", Duration.ofHours(24))).isEqualTo(75.0);
        assertThat(history.uptimePercent("spark1", Duration.ofHours(2))).isEqualTo(50.0);
        assertThat(history.uptimePercent("spark9", Duration.ofHours(24))).isNull();
    }

    @Test
    void aStateFromBeforeTheWindowCountsFromTheWindowStart() {
        ConnectivityHistory history = open(100);
        history.observe("tts", "backend", false, "refused");
        clock.advance(Duration.ofDays(2));
        history.observe("tts", "backend", true, "healthy");
        clock.advance(Duration.ofHours(12));

        assertThat(history.uptimePercent("tts", Duration.ofHours(24))).isEqualTo(50.0);
    }

    @Nested
    class BadFiles {

        @Test
        void aCorruptFileIsSetAsideAndHistoryStartsEmpty() throws Exception {
            Files.writeString(dir.resolve("connectivity.json"), "{\"transitions\": [ {\"at\": ", StandardCharsets.UTF_8);

            ConnectivityHistory history = open(100);

            assertThat(history.transitions()).isEmpty();
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("connectivity.json.corrupt-"));
            }
            history.observe("spark1", "spark", true, "answered");
            assertThat(open(100).transitions()).hasSize(1);
        }

        @Test
        void entriesWithoutTimeOrStateAreDropped() throws Exception {
            Files.writeString(dir.resolve("connectivity.json"), """
                    {"version":1,"transitions":[{"subject":"spark1","state":"up"},
                      {"at":"2025-06-01T11:00:00Z","subject":"spark1","kind":"spark","state":"sideways"},
                      {"at":"2025-06-01T11:00:00Z","subject":"spark1","kind":"spark","state":"up","extra":1}],
                     "reports":null}
                    """, StandardCharsets.UTF_8);

            assertThat(open(100).transitions()).singleElement().extracting(ConnectivityHistory.Transition::state).isEqualTo("up");
        }
    }
}
