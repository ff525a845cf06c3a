package com.sparkcontrol.sim;

import java.util.List;
import java.util.Locale;

/** The text of vLLM's start-up failures (without the process prefix), as operators see them in the log. */
final class VllmFailureLines {

    private static final String PACKAGES = "/usr/local/lib/python3.12/dist-packages/vllm";

    private VllmFailureLines() {
    }

    /** No config for the repo: not in the HF cache (the hub is not reachable from the container) or not a repo. */
    static List<String> invalidRepository(String repo) {
        return List.of("Traceback (most recent call last):",
                "  File \"/usr/local/bin/vllm\", line 10, in <module>",
                "    sys.exit(main())",
                "  File \"" + PACKAGES + "/entrypoints/cli/main.py\", line 73, in main",
                "    args.dispatch_function(args)",
                "  File \"" + PACKAGES + "/transformers_utils/config.py\", line 612, in get_config",
                "    raise ValueError(",
                "ValueError: Invalid repository ID or local directory specified: '" + repo + "'.",
                "Please verify the following requirements:",
                "1. Provide a valid Hugging Face repository ID.",
                "2. Specify a local directory that contains a recognized configuration file.",
                "   - For Hugging Face models: ensure the presence of a 'config.json'.",
                "   - For Mistral models: ensure the presence of a 'params.json'.");
    }

    /** The API server binds its port first: a second vLLM on the same port dies here. */
    static List<String> addressInUse() {
        return List.of("Traceback (most recent call last):",
                "  File \"" + PACKAGES + "/entrypoints/openai/api_server.py\", line 1960, in create_server_socket",
                "    sock.bind(addr)",
                "OSError: [Errno 98] Address already in use");
    }

    static List<String> worldSizeTooLarge(int worldSize, int gpus) {
        return List.of("ValueError: World size (" + worldSize + ") is larger than the number of available GPUs ("
                + gpus + ") in this node.");
    }

    static List<String> notEnoughFreeMemory(double freeGib, double totalGib, double utilization) {
        return List.of(String.format(Locale.ROOT, "ValueError: Free memory on device (%.2f/%.2f GiB) on startup is "
                + "less than desired GPU memory utilization (%.2f, %.2f GiB). Decrease GPU memory utilization or "
                + "reduce GPU memory used by other processes.", freeGib, totalGib, utilization, utilization * totalGib));
    }

    static List<String> cudaOutOfMemory(double totalGib, double modelGib) {
        return List.of("  File \"" + PACKAGES + "/v1/worker/gpu_model_runner.py\", line 3712, in profile_run",
                "    hidden_states = self._dummy_run(self.max_num_tokens, is_profile=True)",
                String.format(Locale.ROOT, "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. "
                        + "GPU 0 has a total capacity of %.2f GiB of which 1.12 GiB is free. Including non-PyTorch "
                        + "memory, this process has %.2f GiB memory in use. Of the allocated memory %.2f GiB is "
                        + "allocated by PyTorch, and 1.02 GiB is reserved by PyTorch but unallocated. If reserved but "
                        + "unallocated memory is large try setting PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to "
                        + "avoid fragmentation.  See documentation for Memory Management  "
                        + "(https://pytorch.org/docs/stable/notes/cuda.html#environment-variables)", totalGib,
                        Math.min(totalGib - 1.2, modelGib + 4.1), Math.min(totalGib - 2.5, modelGib + 2.9)));
    }

    static List<String> missingShard(String path) {
        return List.of("FileNotFoundError: [Errno 2] No such file or directory: '" + path + "'");
    }

    /** What the API server prints once its engine core died. */
    static List<String> engineInitFailed() {
        return List.of("Traceback (most recent call last):",
                "  File \"" + PACKAGES + "/v1/engine/utils.py\", line 1027, in wait_for_engine_startup",
                "    raise RuntimeError(",
                "RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {}");
    }
}
