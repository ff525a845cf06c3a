package com.sparkcontrol.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VllmLinesTests {

    @Test
    void outOfMemoryLinesAreRootCauses() {
        assertThat(VllmLines.failure("(EngineCore_DP0 pid=99) torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB"))
                .hasValueSatisfying(f -> {
                    assertThat(f.rootCause()).isTrue();
                    assertThat(f.kind()).isEqualTo("out of memory");
                });
        assertThat(VllmLines.failure("ValueError: Free memory on device (10.1/119.7 GiB) on startup is less than desired GPU memory utilization (0.8, 95.7 GiB)"))
                .get().extracting(VllmLines.Failure::kind).isEqualTo("out of memory");
        assertThat(VllmLines.failure("ValueError: To serve at least one request with the models's max seq len (262144), (24.0 GiB KV cache is needed"))
                .get().extracting(VllmLines.Failure::kind).isEqualTo("context too large");
    }

    @Test
    void engineWrappersAreGenericAndOrdinaryLinesAreNotFailures() {
        assertThat(VllmLines.failure("RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {}"))
                .get().extracting(VllmLines.Failure::rootCause).isEqualTo(false);
        assertThat(VllmLines.failure("(APIServer pid=1) INFO 11-29 08:00:01 [api_server.py:1] Starting vLLM server on http://0.0.0.0:8000")).isEmpty();
        assertThat(VllmLines.failure("NCCL WARN something transient")).isEmpty();
        assertThat(VllmLines.isReady("INFO:     Application startup complete.")).isTrue();
    }
}
