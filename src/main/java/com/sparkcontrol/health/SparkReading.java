package com.sparkcontrol.health;

import java.time.Instant;
import java.util.List;

/**
 * What one poll learned about one Spark. Every figure that could not be read is {@code null} ("unknown"):
 * a missing command or odd output blanks that figure, never the whole reading.
 *
 * @param reachable     the gatherer ran; false means {@code reason} says why not
 * @param reason        why the Spark is not reachable (null when reachable)
 * @param reasonCode    the {@link com.sparkcontrol.ssh.SparkException.Reason} name, for machines
 * @param launcherFound whether {@code launch-cluster.sh} is executable in {@code vllm.repo-dir}; null when this
 *                      Spark was not asked (it runs no vLLM) or did not say
 * @param notes         what could not be read although the Spark answered (e.g. {@code nvidia-smi: not found})
 */
public record SparkReading(
        String spark,
        boolean reachable,
        String reason,
        String reasonCode,
        Instant at,
        long pollMillis,
        Cpu cpu,
        Memory memory,
        Gpu gpu,
        Disk disk,
        List<Container> containers,
        Boolean launcherFound,
        List<String> notes) {

    /** CPU busy share since the previous poll, load averages and core count. */
    public record Cpu(Double percent, Double load1, Double load5, Double load15, Integer cores) {
        static final Cpu UNKNOWN = new Cpu(null, null, null, null, null);
    }

    /**
     * System memory. On a GB10 the GPU has no memory of its own ({@code nvidia-smi} says {@code [N/A]}): the
     * one pool serves CPU and GPU alike, {@code unified} is true and these figures are the GPU's too.
     */
    public record Memory(Long totalBytes, Long usedBytes, Long availableBytes, boolean unified) {
        static final Memory UNKNOWN = new Memory(null, null, null, false);
    }

    /** The first GPU as {@code nvidia-smi} reports it; memory figures only on GPUs with their own memory. */
    public record Gpu(String name, Double utilPercent, Double temperatureC, Double powerW, Double smClockMhz,
            Double memClockMhz, Long memoryTotalBytes, Long memoryUsedBytes, int count) {
        static final Gpu UNKNOWN = new Gpu(null, null, null, null, null, null, null, null, 0);

        /** True when a GPU answered but gave no memory figures: the unified-memory case. */
        boolean memoryNotReported() {
            return count > 0 && memoryTotalBytes == null;
        }
    }

    /** Size and free space of the file system holding the Hugging Face cache. */
    public record Disk(String path, Long totalBytes, Long freeBytes) {
        static final Disk UNKNOWN = new Disk(null, null, null);
    }

    /** One container as {@code docker ps -a} lists it. */
    public record Container(String name, String image, String state, String status) {}

    static SparkReading unreachable(String spark, String reason, String reasonCode, Instant at, long pollMillis) {
        return new SparkReading(spark, false, reason, reasonCode, at, pollMillis, Cpu.UNKNOWN, Memory.UNKNOWN,
                Gpu.UNKNOWN, Disk.UNKNOWN, null, null, List.of());
    }
}
