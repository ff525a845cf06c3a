package com.sparkcontrol.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A GB10's vital signs as /proc and nvidia-smi report them (20 CPUs, ~128 GB unified memory, one GPU),
 * driven by what the node is doing: idle, loading a model, serving, downloading. The /proc/stat counters
 * advance with real time on every read, so CPU percentages computed from two reads make sense.
 */
final class HostStats {

    static final int CPUS = 20;
    static final long MEM_TOTAL_KB = 125_514_564L;
    private static final int USER_HZ = 100;
    private static final double BASE_USED_GIB = 5.8;

    private final SimulatedSpark node;
    private final Instant boot;
    private final long[][] cpu = new long[CPUS][8];
    private long lastNanos;
    private long carryMillis;
    private long contextSwitches;
    private long processes;

    HostStats(SimulatedSpark node) {
        this.node = node;
        this.boot = Instant.now().minus(Duration.ofHours(70)).minusSeconds(ThreadLocalRandom.current().nextInt(3600));
        long uptimeCentis = Duration.between(boot, Instant.now()).toMillis() / 10;
        for (long[] counters : cpu) {
            counters[0] = uptimeCentis * 2 / 100;
            counters[2] = uptimeCentis / 100;
            counters[4] = uptimeCentis / 400;
            counters[6] = uptimeCentis / 1000;
            counters[3] = uptimeCentis - counters[0] - counters[2] - counters[4] - counters[6];
        }
        this.contextSwitches = uptimeCentis * 900L;
        this.processes = 180_000;
        this.lastNanos = System.nanoTime();
    }

    /** Share of CPU time busy right now. */
    double cpuBusy() {
        double busy = 0.015;
        for (VllmProcess process : node.docker().liveVllmProcesses()) {
            busy += process.phase() == VllmProcess.Phase.LOADING ? 0.22 : 0.05;
        }
        busy += 0.12 * node.activeDownloads();
        busy += 0.01 * runningServices();
        return Math.min(0.97, busy);
    }

    /** GPU utilization in percent. */
    int gpuUtilization() {
        int util = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (VllmProcess process : node.docker().liveVllmProcesses()) {
            util += process.phase() == VllmProcess.Phase.LOADING ? 70 + random.nextInt(26) : 9 + random.nextInt(22);
        }
        util += 2 * runningServices();
        return Math.min(100, util);
    }

    int gpuTemperature(int util) {
        return 38 + util * 36 / 100;
    }

    double gpuPowerWatts(int util) {
        return 4.5 + util * 0.86 + ThreadLocalRandom.current().nextDouble(0.4);
    }

    int smClockMhz(int util) {
        return util == 0 ? 208 : 2405;
    }

    synchronized String procStat() {
        advance();
        StringBuilder out = new StringBuilder();
        long[] total = new long[8];
        for (long[] counters : cpu) {
            for (int i = 0; i < 8; i++) {
                total[i] += counters[i];
            }
        }
        out.append("cpu  ").append(join(total)).append(" 0 0\n");
        for (int c = 0; c < CPUS; c++) {
            out.append("cpu").append(c).append(' ').append(join(cpu[c])).append(" 0 0\n");
        }
        out.append("intr ").append(contextSwitches / 2).append(" 0 0 0 0 0 0 0 0 0 0\n");
        out.append("ctxt ").append(contextSwitches).append('\n');
        out.append("btime ").append(boot.getEpochSecond()).append('\n');
        out.append("processes ").append(processes).append('\n');
        out.append("procs_running ").append(1 + (int) (cpuBusy() * CPUS)).append('\n');
        out.append("procs_blocked 0\n");
        out.append("softirq ").append(contextSwitches / 3).append(" 0 0 0 0 0 0 0 0 0 0\n");
        return out.toString();
    }

    /** Moves every counter forward by the real time since the last read, split by current activity. */
    private void advance() {
        long now = System.nanoTime();
        long millis = (now - lastNanos) / 1_000_000 + carryMillis;
        lastNanos = now;
        long ticks = millis * USER_HZ / 1000;
        carryMillis = millis - ticks * 1000 / USER_HZ;
        if (ticks <= 0) {
            return;
        }
        double busy = cpuBusy();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (long[] counters : cpu) {
            double share = Math.max(0, Math.min(1, busy * (0.7 + random.nextDouble(0.6))));
            long busyTicks = Math.round(ticks * share);
            long user = busyTicks * 72 / 100;
            long system = busyTicks * 22 / 100;
            long softirq = busyTicks * 3 / 100;
            long iowait = busyTicks - user - system - softirq;
            counters[0] += user;
            counters[2] += system;
            counters[4] += iowait;
            counters[6] += softirq;
            counters[3] += ticks - busyTicks;
        }
        contextSwitches += ticks * (400 + (long) (busy * 20_000));
        processes += ticks / 20;
    }

    String meminfo() {
        long usedKb = (long) (usedGib() * 1024 * 1024);
        long cachedKb = 18L * 1024 * 1024 + node.activeDownloads() * 6L * 1024 * 1024;
        long buffersKb = 412_380;
        long availableKb = Math.max(512 * 1024, MEM_TOTAL_KB - usedKb);
        long freeKb = Math.max(256 * 1024, availableKb - cachedKb - buffersKb);
        long[][] rows = {
            {MEM_TOTAL_KB}, {freeKb}, {availableKb}, {buffersKb}, {cachedKb}, {0}, {usedKb * 6 / 10},
            {cachedKb * 7 / 10}, {usedKb * 55 / 100}, {52_104}, {usedKb * 5 / 100}, {cachedKb * 7 / 10}, {0}, {0},
            {16_777_212}, {16_777_212}, {1_024}, {0}, {usedKb * 55 / 100}, {1_245_888}, {301_412}, {1_904_220},
            {19_584}, {62_757_280}, {usedKb * 9 / 10}, {0}, {0}, {0}, {0},
        };
        String[] names = {
            "MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached", "Active", "Inactive",
            "Active(anon)", "Inactive(anon)", "Active(file)", "Inactive(file)", "Unevictable", "Mlocked",
            "SwapTotal", "SwapFree", "Dirty", "Writeback", "AnonPages", "Mapped", "Shmem", "Slab", "KernelStack",
            "CommitLimit", "Committed_AS", "HugePages_Total", "HugePages_Free", "HugePages_Rsvd", "HugePages_Surp",
        };
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            String label = names[i] + ":";
            if (names[i].startsWith("HugePages")) {
                out.append(String.format(Locale.ROOT, "%-15s %8d%n", label, rows[i][0]));
            } else {
                out.append(String.format(Locale.ROOT, "%-15s %8d kB%n", label, rows[i][0]));
            }
        }
        out.append(String.format(Locale.ROOT, "%-15s %8d kB%n", "Hugepagesize:", 2048));
        return out.toString();
    }

    String loadavg() {
        double load = cpuBusy() * CPUS;
        return String.format(Locale.ROOT, "%.2f %.2f %.2f %d/%d %d%n", load, load * 0.8 + 0.1, load * 0.6 + 0.15,
                1 + (int) load, 1180 + runningServices() * 40, node.docker().nextPid());
    }

    String uptime() {
        double seconds = Duration.between(boot, Instant.now()).toMillis() / 1000.0;
        return String.format(Locale.ROOT, "%.2f %.2f%n", seconds, seconds * CPUS * (1 - cpuBusy()));
    }

    double usedGib() {
        double used = BASE_USED_GIB;
        for (VllmProcess process : node.docker().liveVllmProcesses()) {
            used += process.reservedGib();
        }
        used += 2.0 * runningServices();
        return Math.min(VllmProcess.DEVICE_GIB - 0.5, used);
    }

    private long runningServices() {
        return node.docker().containers().stream()
                .filter(SimContainer::isRunning)
                .filter(c -> c.vllmProcesses().isEmpty() && !c.command().equals(java.util.List.of("sleep", "infinity")))
                .count();
    }

    private static String join(long[] values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(values[i]);
        }
        return out.toString();
    }
}
