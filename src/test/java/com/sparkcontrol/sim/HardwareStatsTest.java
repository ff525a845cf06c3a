package com.sparkcontrol.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a health poller reads: /proc through cat, nvidia-smi's CSV, df of the HF cache. */
class HardwareStatsTest {

    static final String QUERY = "nvidia-smi --query-gpu=name,utilization.gpu,temperature.gpu,power.draw,clocks.sm,"
            + "clocks.mem,memory.total,memory.used --format=csv";

    SimulatedCluster cluster;
    SimSsh ssh;
    RecordingVllm vllm;

    @BeforeEach
    void start() {
        vllm = new RecordingVllm();
        cluster = SimulatedCluster.builder().loadTime(Duration.ofMillis(500)).vllm(vllm).build();
        ssh = new SimSsh(cluster);
    }

    @AfterEach
    void stop() {
        ssh.close();
        cluster.close();
    }

    String out(String command) {
        SimSsh.Result result = ssh.run("spark1", command);
        assertThat(result.exit()).as(result.err()).isZero();
        return result.out();
    }

    void serveAModel() {
        cluster.seedModel("spark1", "Qwen/Qwen3-8B");
        out("cd spark-vllm-docker && ./launch-cluster.sh --solo -d exec vllm serve Qwen/Qwen3-8B --port 8000 "
                + "--gpu-memory-utilization 0.8");
        await().atMost(Duration.ofSeconds(30)).until(() -> vllm.begins.size() == 1);
    }

    static long meminfo(String text, String key) {
        return text.lines().filter(l -> l.startsWith(key + ":")).map(l -> l.replaceAll("\\D", ""))
                .mapToLong(Long::parseLong).findFirst().orElseThrow();
    }

    @Test
    void meminfoIsAGb10sAndLoadingAModelUsesIt() {
        String idle = out("cat /proc/meminfo");
        assertThat(meminfo(idle, "MemTotal")).isEqualTo(125_514_564L);
        serveAModel();
        String busy = out("cat /proc/meminfo");
        assertThat(meminfo(idle, "MemAvailable") - meminfo(busy, "MemAvailable")).isGreaterThan(80L * 1024 * 1024);
    }

    @Test
    void procStatCountersAdvanceBetweenReadsOnTwentyCpus() {
        List<String> first = Arrays.asList(out("cat /proc/stat").split("\n"));
        assertThat(first.stream().filter(l -> l.matches("cpu\\d+ .*"))).hasSize(20);
        assertThat(first.get(0).split("\\s+")).hasSize(11);
        long[] before = totals(first.get(0));
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10)).until(() -> true);
        long[] after = totals(out("cat /proc/stat").split("\n")[0]);
        assertThat(after[0]).isGreaterThan(before[0]);
        assertThat(after[1]).isGreaterThanOrEqualTo(before[1]);
        double busyShare = (double) (after[1] - before[1]) / (after[0] - before[0]);
        assertThat(busyShare).isBetween(0.0, 1.0);
    }

    /** {total jiffies, busy jiffies} of a {@code cpu} line. */
    static long[] totals(String cpuLine) {
        String[] fields = cpuLine.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < fields.length; i++) {
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
        return new long[] {total, total - idle};
    }

    @Test
    void catPassesOtherFilesToTheRealCat() {
        assertThat(out("cat ~/spark-vllm-docker/.env")).contains("CLUSTER_NODES=192.168.177.11,192.168.177.12");
        assertThat(out("cat /proc/loadavg")).matches("\\d+\\.\\d\\d \\d+\\.\\d\\d \\d+\\.\\d\\d \\d+/\\d+ \\d+\n");
    }

    @Test
    void nvidiaSmiSpeaksGb10AndUtilizationRisesWhileServing() {
        String idle = out(QUERY);
        assertThat(idle.lines().toList().get(0)).isEqualTo("name, utilization.gpu [%], temperature.gpu, "
                + "power.draw [W], clocks.current.sm [MHz], clocks.current.memory [MHz], memory.total [MiB], "
                + "memory.used [MiB]");
        assertThat(idle.lines().toList().get(1)).startsWith("NVIDIA GB10, 0 %, ").endsWith(", [N/A], [N/A], [N/A]");

        serveAModel();
        String busy = out(QUERY.replace("--format=csv", "--format=csv,noheader,nounits"));
        String[] fields = busy.strip().split(", ");
        assertThat(fields[0]).isEqualTo("NVIDIA GB10");
        assertThat(Integer.parseInt(fields[1])).isPositive();
        assertThat(out("nvidia-smi -L")).matches("GPU 0: NVIDIA GB10 \\(UUID: GPU-[0-9a-f-]+\\)\n");
        SimSsh.Result bad = ssh.run("spark1", "nvidia-smi --query-gpu=bogus --format=csv");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.out()).contains("Field \"bogus\" is not a valid field to query.");
    }

    @Test
    void dfOfTheHfCacheGrowsWithDownloadedWeights() {
        String command = "df -B1 --output=size,used,avail,target ~/.cache/huggingface";
        List<String> before = out(command).lines().toList();
        assertThat(before.get(0).trim().split("\\s+")).containsExactly("1B-blocks", "Used", "Avail", "Mounted", "on");
        long usedBefore = Long.parseLong(before.get(1).trim().split("\\s+")[1]);
        cluster.seedModel("spark1", "Qwen/Qwen3-8B");
        long usedAfter = Long.parseLong(out(command).lines().toList().get(1).trim().split("\\s+")[1]);
        assertThat(usedAfter - usedBefore).isGreaterThanOrEqualTo(16_000_000_000L);
        assertThat(out("df -P ~/.cache/huggingface").lines().toList().get(0))
                .startsWith("Filesystem").contains("1024-blocks").contains("Capacity").endsWith("Mounted on");
    }
}
