package com.sparkcontrol.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sparkcontrol.ssh.CommandResult;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The gatherer's output turned into figures, including every kind of garbage a Spark can print. */
class SparkGathererParsingTests {

    final SparkGatherer gatherer = new SparkGatherer(null, null, new CpuStatParser(), null, null, Fixtures.properties());

    SparkReading read(String stdout) {
        return gatherer.read("spark1", new CommandResult(0, stdout, ""), Instant.now(), 42);
    }

    @Test
    void gb10ReportsOneUnifiedMemoryPoolBecauseGpuMemoryIsNotAvailable() {
        SparkReading r = read(Fixtures.gb10Output(Fixtures.STAT_FIRST));

        assertThat(r.reachable()).isTrue();
        assertThat(r.memory().unified()).isTrue();
        assertThat(r.memory().totalBytes()).isEqualTo(128544164L * 1024);
        assertThat(r.memory().availableBytes()).isEqualTo(100000000L * 1024);
        assertThat(r.memory().usedBytes()).isEqualTo((128544164L - 100000000L) * 1024);
        assertThat(r.gpu().name()).isEqualTo("NVIDIA GB10");
        assertThat(r.gpu().utilPercent()).isEqualTo(37.0);
        assertThat(r.gpu().temperatureC()).isEqualTo(48.0);
        assertThat(r.gpu().powerW()).isEqualTo(11.53);
        assertThat(r.gpu().smClockMhz()).isEqualTo(2405.0);
        assertThat(r.gpu().memClockMhz()).isNull();
        assertThat(r.gpu().memoryTotalBytes()).isNull();
        assertThat(r.disk().path()).isEqualTo("/home/spark/.cache/huggingface");
        assertThat(r.disk().freeBytes()).isEqualTo(2857443495936L);
        assertThat(r.containers()).extracting(SparkReading.Container::name, SparkReading.Container::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("kokoro-tts", "exited"),
                        org.assertj.core.groups.Tuple.tuple("vllm_node", "running"));
        assertThat(r.cpu().load1()).isEqualTo(0.52);
        assertThat(r.cpu().cores()).isEqualTo(2);
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void cpuPercentComesFromTheDifferenceBetweenTwoPolls() {
        assertThat(read(Fixtures.gb10Output(Fixtures.STAT_FIRST)).cpu().percent()).isNull();
        assertThat(read(Fixtures.gb10Output(Fixtures.STAT_SECOND)).cpu().percent()).isEqualTo(40.0);
    }

    @Test
    void aGpuWithItsOwnMemoryIsNotUnified() {
        SparkReading r = read(Fixtures.gathererOutput(Fixtures.STAT_FIRST, "5, 40, 60.2, 1500, 5001, 81920, 1024, NVIDIA H100 80GB HBM3",
                0, Fixtures.DF, Fixtures.DOCKER, 0));

        assertThat(r.memory().unified()).isFalse();
        assertThat(r.gpu().memoryTotalBytes()).isEqualTo(81920L * 1024 * 1024);
        assertThat(r.gpu().memoryUsedBytes()).isEqualTo(1024L * 1024 * 1024);
    }

    @Nested
    class GarbageMakesAFigureUnknownNeverAnError {

        @Test
        void missingNvidiaSmi() {
            SparkReading r = read(Fixtures.gathererOutput(Fixtures.STAT_FIRST, "", 127, Fixtures.DF, Fixtures.DOCKER, 0));

            assertThat(r.reachable()).isTrue();
            assertThat(r.gpu().name()).isNull();
            assertThat(r.gpu().utilPercent()).isNull();
            assertThat(r.memory().totalBytes()).isNotNull();
            assertThat(r.memory().unified()).isFalse();
            assertThat(r.notes()).containsExactly("nvidia-smi: not installed");
        }

        @Test
        void nvidiaSmiPrintingAnErrorInsteadOfCsv() {
            SparkReading r = read(Fixtures.gathererOutput(Fixtures.STAT_FIRST,
                    "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.", 9, Fixtures.DF, Fixtures.DOCKER, 0));

            assertThat(r.gpu().count()).isZero();
            assertThat(r.notes()).containsExactly("nvidia-smi: failed (exit 9)");
        }

        @Test
        void nonNumericAndUnsupportedGpuFields() {
            SparkReading r = read(Fixtures.gathererOutput(Fixtures.STAT_FIRST,
                    "[Not Supported], abc, [Unknown Error], , 9e999, [N/A], [N/A], NVIDIA GB10", 0, Fixtures.DF, Fixtures.DOCKER, 0));

            assertThat(r.gpu().name()).isEqualTo("NVIDIA GB10");
            assertThat(r.gpu().utilPercent()).isNull();
            assertThat(r.gpu().temperatureC()).isNull();
            assertThat(r.gpu().powerW()).isNull();
            assertThat(r.gpu().smClockMhz()).isNull();
            assertThat(r.gpu().memClockMhz()).isNull();
            assertThat(r.memory().unified()).isTrue();
        }

        @Test
        void dockerWithoutPermission() {
            SparkReading r = read(Fixtures.gathererOutput(Fixtures.STAT_FIRST, Fixtures.NVIDIA_SMI_GB10, 0, Fixtures.DF,
                    "permission denied while trying to connect to the Docker daemon socket", 1));

            assertThat(r.containers()).isNull();
            assertThat(r.notes()).containsExactly("docker: failed (exit 1)");
        }

        @Test
        void dockerPrintingSomethingOtherThanJson() {
            SparkReading r = read(Fixtures.gathererOutput(Fixtures.STAT_FIRST, Fixtures.NVIDIA_SMI_GB10, 0, Fixtures.DF,
                    "{not json\n" + "{\"Names\":\"embeddings\",\"State\":\"running\"}\n[]\n", 0));

            assertThat(r.containers()).extracting(SparkReading.Container::name).containsExactly("embeddings");
        }

        @Test
        void nonNumericMeminfoAndStat() {
            String out = "### meminfo\nMemTotal: lots kB\nMemAvailable: 12 MB\n### stat\ncpu a b c d e\n### loadavg\nx y z\n### end\n";
            SparkReading r = read(out);

            assertThat(r.reachable()).isTrue();
            assertThat(r.memory().totalBytes()).isNull();
            assertThat(r.memory().usedBytes()).isNull();
            assertThat(r.cpu().percent()).isNull();
            assertThat(r.cpu().load1()).isNull();
        }

        @Test
        void availableAboveTotalIsNotBelieved() {
            String out = "### meminfo\nMemTotal: 100 kB\nMemAvailable: 200 kB\n### end\n";

            assertThat(read(out).memory().usedBytes()).isNull();
        }

        @Test
        void emptyOutputFromAShellThatDiedEarly() {
            SparkReading r = gatherer.read("spark1", new CommandResult(127, "", "bash: mktemp: command not found"), Instant.now(), 1);

            assertThat(r.reachable()).isTrue();
            assertThat(r.memory().totalBytes()).isNull();
            assertThat(r.containers()).isNull();
            assertThat(r.notes()).singleElement().asString().contains("did not finish").contains("mktemp");
        }

        @Test
        void binaryNoise() {
            SparkReading r = read("### meminfo\n\u0000\u0001\uFFFD:\n### nvidia-smi\n,,,,,,,,,,,\n!! exit x\n### df\n1B-blocks\n-1 -2\n### end\n");

            assertThat(r.reachable()).isTrue();
            assertThat(r.gpu().utilPercent()).isNull();
            assertThat(r.disk().freeBytes()).isNull();
        }

        @Test
        void cpuCountersGoingBackAfterARebootGiveUnknownNotNegative() {
            read(Fixtures.gb10Output(Fixtures.STAT_SECOND));

            assertThat(read(Fixtures.gb10Output(Fixtures.STAT_FIRST)).cpu().percent()).isNull();
        }
    }
}
