package com.sparkcontrol.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small parsers one by one: df's two formats, vLLM's Prometheus text, token rates, nvidia-smi edge cases. */
class ToolParserTests {

    @Test
    void posixDfIsInKibibytes() {
        var disk = DfParser.parse(List.of("path /data",
                "Filesystem     1024-blocks      Used Available Capacity Mounted on",
                "/dev/nvme0n1p2  3843975552 1048552 2790000000 28% /"));

        assertThat(disk.totalBytes()).isEqualTo(3843975552L * 1024);
        assertThat(disk.freeBytes()).isEqualTo(2790000000L * 1024);
    }

    @Test
    void nvidiaSmiNameWithACommaDoesNotShiftTheNumbers() {
        var gpu = NvidiaSmiCsvParser.parse(List.of("10, 50, 100.5, 1000, 2000, [N/A], [N/A], Some GPU, Rev. 2"));

        assertThat(gpu.name()).isEqualTo("Some GPU, Rev. 2");
        assertThat(gpu.utilPercent()).isEqualTo(10.0);
    }

    @Test
    void nvidiaSmiCountsEveryGpuAndDescribesTheFirst() {
        var gpu = NvidiaSmiCsvParser.parse(List.of("1, 30, 10, 1, 1, [N/A], [N/A], NVIDIA GB10", "2, 31, 11, 1, 1, [N/A], [N/A], NVIDIA GB10"));

        assertThat(gpu.count()).isEqualTo(2);
        assertThat(gpu.utilPercent()).isEqualTo(1.0);
    }

    @Test
    void vllmMetricsAreSummedOverEnginesAndCacheUseAveraged() {
        String text = """
                # HELP vllm:num_requests_running Number of requests in model execution batches.
                # TYPE vllm:num_requests_running gauge
                vllm:num_requests_running{engine="0",model_name="Qwen/Qwen3-8B"} 2.0
                vllm:num_requests_running{engine="1",model_name="Qwen/Qwen3-8B"} 1.0
                vllm:num_requests_waiting{engine="0",model_name="a \\"quoted\\" } name"} 4.0
                vllm:kv_cache_usage_perc{engine="0",model_name="m"} 0.25
                vllm:kv_cache_usage_perc{engine="1",model_name="m"} 0.75
                vllm:generation_tokens_total{engine="0",model_name="m"} 1234.0
                vllm:generation_tokens_created{engine="0",model_name="m"} 1.7e9
                vllm:prompt_tokens_total{engine="0",model_name="m"} NaN
                vllm:num_requests_running{broken 7
                """;

        Map<String, Double> m = VllmMetricsParser.parse(text);

        assertThat(m).containsEntry(VllmMetricsParser.RUNNING, 3.0).containsEntry(VllmMetricsParser.WAITING, 4.0)
                .containsEntry(VllmMetricsParser.KV_CACHE, 0.5).containsEntry(VllmMetricsParser.GENERATION_TOKENS, 1234.0)
                .doesNotContainKey(VllmMetricsParser.PROMPT_TOKENS);
    }

    @Test
    void tokenRateIsTheCounterDifferenceOverTime() {
        TokenRate rate = new TokenRate();
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");

        assertThat(rate.next("g", 100.0, t0)).isNull();
        assertThat(rate.next("g", 350.0, t0.plusSeconds(5))).isEqualTo(50.0);
        assertThat(rate.next("g", 10.0, t0.plusSeconds(10))).as("vLLM restarted: counter went back").isNull();
        assertThat(rate.next("g", 20.0, t0.plusSeconds(20))).isEqualTo(1.0);
    }

    @Test
    void sectionsKeepTheirExitCodes() {
        var sections = GathererScript.sections("noise\n### a\n1\n2\n!! exit 3\n### b\n### end\n");

        assertThat(sections.get("a").lines()).containsExactly("1", "2");
        assertThat(sections.get("a").exitCode()).isEqualTo(3);
        assertThat(sections.get("b").lines()).isEmpty();
        assertThat(sections).containsKey("end").doesNotContainKey("noise");
    }
}
