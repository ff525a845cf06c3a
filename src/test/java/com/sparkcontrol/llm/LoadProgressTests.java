package com.sparkcontrol.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadProgressTests {

    @Test
    void milestonesMoveThePhaseAndAPercentageThatNeverGoesBack() {
        LoadProgress progress = new LoadProgress();
        List<String> lines = List.of(
                "(APIServer pid=1) INFO 11-29 08:00:00 [utils.py:1] non-default args: {'model': 'x'}",
                "(EngineCore_DP0 pid=2) Loading safetensors using Fastsafetensor loader:  50% Completed | 4/8 [00:04<00:04,  1.0it/s]",
                "(EngineCore_DP0 pid=2) INFO 11-29 08:00:09 [default_loader.py:1] Loading weights took 9.10 seconds",
                "(EngineCore_DP0 pid=2) INFO 11-29 08:00:20 [gpu_worker.py:1] Available KV cache memory: 40.2 GiB",
                "(EngineCore_DP0 pid=2) Capturing CUDA graphs (mixed prefill-decode, PIECEWISE): 50%|█████     | 34/67",
                "(EngineCore_DP0 pid=2) Loading safetensors using Fastsafetensor loader:  10% Completed | 1/8",
                "(APIServer pid=1) INFO 11-29 08:00:40 [api_server.py:1] Starting vLLM server on http://0.0.0.0:8000",
                "INFO:     Application startup complete.");
        int last = -1;
        for (String line : lines) {
            progress.accept(line);
            assertThat(progress.snapshot().percent()).isGreaterThanOrEqualTo(last);
            last = progress.snapshot().percent();
        }
        assertThat(progress.snapshot().phase()).isEqualTo("checking /v1/models");
        assertThat(last).isBetween(95, 99);
    }

    @Test
    void weightsShareIsProportional() {
        LoadProgress progress = new LoadProgress();
        progress.accept("Loading safetensors checkpoint shards:  50% Completed | 5/10");
        assertThat(progress.snapshot().phase()).isEqualTo("loading weights");
        assertThat(progress.snapshot().percent()).isEqualTo(36);
    }
}
