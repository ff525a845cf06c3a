package com.sparkcontrol.health;

import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.health.GathererScript.Section;
import com.sparkcontrol.health.SparkReading.Container;
import com.sparkcontrol.health.SparkReading.Cpu;
import com.sparkcontrol.health.SparkReading.Disk;
import com.sparkcontrol.health.SparkReading.Gpu;
import com.sparkcontrol.health.SparkReading.Memory;
import com.sparkcontrol.ssh.CommandResult;
import com.sparkcontrol.ssh.SparkException;
import com.sparkcontrol.ssh.SparkShell;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Polls one Spark (the exchange body): exactly one SSH exec of the {@link GathererScript} (with the
 * {@link RepoDirCheck} on Sparks that run vLLM), parsed figure by figure, handed to {@link ClusterHealth}. An SSH failure or timeout makes a "down" reading with its reason;
 * a figure that cannot be parsed is unknown with a note. Nothing here throws into the route.
 */
@Component
class SparkGatherer implements Processor {

    private static final Logger log = LoggerFactory.getLogger("health-poll-sparks");

    private final SparkShell shell;
    private final ClusterHealth health;
    private final CpuStatParser cpuStat;
    private final HealthMetrics metrics;
    private final RepoDirCheck repoDirs;
    private final Duration timeout;

    SparkGatherer(SparkShell shell, ClusterHealth health, CpuStatParser cpuStat, HealthMetrics metrics, RepoDirCheck repoDirs,
            HealthProperties properties) {
        this.shell = shell;
        this.health = health;
        this.cpuStat = cpuStat;
        this.metrics = metrics;
        this.repoDirs = repoDirs;
        this.timeout = properties.sshTimeout();
    }

    @Override
    public void process(Exchange exchange) {
        health.record(gather(exchange.getMessage().getBody(SparkNode.class)));
    }

    SparkReading gather(SparkNode node) {
        Instant at = Instant.now();
        long start = System.nanoTime();
        if (!node.configured()) {
            return SparkReading.unreachable(node.id(), node.missingSetting(), ClusterHealth.NOT_CONFIGURED, at, 0);
        }
        SparkReading reading;
        String failure = null;
        try {
            CommandResult result = shell.run(node, repoDirs.gathererFor(node), timeout);
            reading = read(node.id(), result, at, millisSince(start));
        } catch (SparkException e) {
            failure = e.reason().name().toLowerCase();
            cpuStat.forget(node.id());
            reading = SparkReading.unreachable(node.id(), e.getMessage(), e.reason().name(), at, millisSince(start));
            log.debug("{}: {}", node.id(), e.getMessage());
        } catch (RuntimeException e) {
            failure = "error";
            log.warn("{}: poll failed unexpectedly: {}", node.id(), e.toString());
            reading = SparkReading.unreachable(node.id(), "poll failed: " + e.getMessage(), "ERROR", at, millisSince(start));
        }
        metrics.sparkPolled(node.id(), Duration.ofNanos(System.nanoTime() - start), failure);
        return reading;
    }

    SparkReading read(String spark, CommandResult result, Instant at, long millis) {
        Map<String, Section> sections = GathererScript.sections(result.stdout());
        List<String> notes = new ArrayList<>();
        if (!sections.containsKey("end")) {
            notes.add("the gatherer did not finish (exit " + result.exitCode() + ": " + result.lastErrorLine() + ")");
        }
        Section gpuSection = sections.getOrDefault("nvidia-smi", Section.MISSING);
        Gpu gpu = figure("nvidia-smi", notes, Gpu.UNKNOWN, () -> NvidiaSmiCsvParser.parse(gpuSection.lines()));
        if (gpu.count() == 0 && sections.containsKey("nvidia-smi")) {
            notes.add(gpuSection.failed() || gpuSection.lines().isEmpty() ? gpuSection.failure("nvidia-smi")
                    : "nvidia-smi: output not understood");
        }
        boolean unified = gpu.memoryNotReported() || (gpu.name() != null && gpu.name().contains("GB10"));
        Memory memory = figure("/proc/meminfo", notes, Memory.UNKNOWN,
                () -> MeminfoParser.parse(lines(sections, "meminfo"), unified));
        Cpu cpu = figure("/proc/stat", notes, Cpu.UNKNOWN,
                () -> cpuStat.parse(spark, lines(sections, "stat"), lines(sections, "loadavg")));
        Section dfSection = sections.getOrDefault("df", Section.MISSING);
        Disk disk = figure("df", notes, Disk.UNKNOWN, () -> DfParser.parse(dfSection.lines()));
        if (disk.freeBytes() == null && sections.containsKey("df")) {
            notes.add(dfSection.failed() ? dfSection.failure("df") : "df: output not understood");
        }
        Section dockerSection = sections.getOrDefault("docker", Section.MISSING);
        List<Container> containers = null;
        if (dockerSection.failed() || dockerSection.exitCode() == null) {
            if (sections.containsKey("docker")) {
                notes.add(dockerSection.failure("docker"));
            }
        } else {
            containers = figure("docker", notes, null, () -> DockerPsParser.parse(dockerSection.lines()));
        }
        Section launcherSection = sections.get("launcher");
        if (launcherSection != null && launcherSection.timedOut()) {
            notes.add(launcherSection.failure("repo dir check"));
        }
        return new SparkReading(spark, true, null, null, at, millis, cpu, memory, gpu, disk, containers,
                launcherFound(launcherSection), List.copyOf(notes));
    }

    /**
     * The launcher check's section: null when this Spark was not asked, the script ended before telling, or the
     * check ran out of time (a hung mount says nothing about the launcher).
     */
    private static Boolean launcherFound(Section section) {
        if (section == null || section.exitCode() == null || section.timedOut()) {
            return null;
        }
        return section.exitCode() == 0;
    }

    /** Runs one parser; a bug or surprise in it costs that figure only. */
    private static <T> T figure(String what, List<String> notes, T unknown, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (RuntimeException e) {
            notes.add(what + ": could not be read (" + e.getClass().getSimpleName() + ")");
            return unknown;
        }
    }

    private static List<String> lines(Map<String, Section> sections, String name) {
        return sections.getOrDefault(name, Section.MISSING).lines();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
