package com.sparkcontrol.health;

import java.time.Duration;

/** Sample outputs of the tools the gatherer runs, as a GB10 DGX Spark prints them. */
final class Fixtures {

    private Fixtures() {}

    static HealthProperties properties() {
        return new HealthProperties(Duration.ofSeconds(5), Duration.ofSeconds(4), Duration.ofSeconds(2), 120, 1000, 200, 12, 5);
    }

    static final String MEMINFO = """
            MemTotal:       128544164 kB
            MemFree:        90123456 kB
            MemAvailable:   100000000 kB
            Buffers:          123456 kB
            Cached:          9000000 kB
            SwapTotal:             0 kB
            HugePages_Total:       0
            Hugepagesize:       2048 kB
            """;

    static final String STAT_FIRST = """
            cpu  1000 0 500 8000 100 0 0 0 0 0
            cpu0 100 0 50 800 10 0 0 0 0 0
            cpu1 100 0 50 800 10 0 0 0 0 0
            """;

    /** 400 more busy and 600 more idle jiffies than {@link #STAT_FIRST}: 40 % busy. */
    static final String STAT_SECOND = """
            cpu  1300 0 600 8550 150 0 0 0 0 0
            cpu0 130 0 60 855 15 0 0 0 0 0
            cpu1 130 0 60 855 15 0 0 0 0 0
            """;

    static final String LOADAVG = "0.52 0.58 0.59 1/467 12345";

    /** GB10: no memory of its own, so memory.total and memory.used are [N/A]. */
    static final String NVIDIA_SMI_GB10 = "37, 48, 11.53, 2405, [N/A], [N/A], [N/A], NVIDIA GB10";

    static final String DF = """
            path /home/spark/.cache/huggingface
                 1B-blocks          Avail
             3936260980736  2857443495936
            """;

    static final String DOCKER = """
            {"Command":"\\"vllm serve\\"","ID":"abc","Image":"vllm-node:latest","Names":"vllm_node","State":"running","Status":"Up 2 hours"}
            {"ID":"def","Image":"ghcr.io/remsky/kokoro-fastapi-gpu:latest","Names":"kokoro-tts","State":"exited","Status":"Exited (0) 3 minutes ago"}
            """;

    static String gathererOutput(String stat, String gpu, int gpuExit, String df, String docker, int dockerExit) {
        return "### meminfo\n" + MEMINFO
                + "### stat\n" + stat
                + "### loadavg\n" + LOADAVG + "\n"
                + "### nvidia-smi\n" + gpu + (gpu.isEmpty() ? "" : "\n") + "!! exit " + gpuExit + "\n"
                + "### df\n" + df + "!! exit 0\n"
                + "### docker\n" + docker + "!! exit " + dockerExit + "\n"
                + "### end\n";
    }

    static String gb10Output(String stat) {
        return gathererOutput(stat, NVIDIA_SMI_GB10, 0, DF, DOCKER, 0);
    }
}
