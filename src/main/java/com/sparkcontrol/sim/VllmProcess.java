package com.sparkcontrol.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@code vllm serve} process inside a simulated container. It prints vLLM's real start-up log over the
 * cluster's load time and, on the serving rank, hands the model to the node's {@link SimVllm} exactly when it
 * prints {@code INFO:     Application startup complete.}. It fails with vLLM's own lines when the weights are
 * not in the node's HF cache, on the OOM fault, when the port is taken, or when another vLLM holds the memory;
 * a failed process is gone (the container stays up, as on a real Spark).
 */
public final class VllmProcess {

    /** Where a process is in its life. */
    public enum Phase { LOADING, SERVING, FAILED, KILLED }

    /** GB10 unified memory as CUDA reports it. */
    static final double DEVICE_GIB = 119.70;

    private final SimulatedSpark node;
    private final SimContainer container;
    private final VllmArgs args;
    private final String wrapper;
    private final int wrapperPid;
    private final int pid;
    private final int enginePid;
    private final VllmLogLines lines;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Phase phase = Phase.LOADING;
    private boolean serving;
    private Consumer<String> sink;
    private Runnable callerCheck;
    private long startNanos;

    VllmProcess(SimulatedSpark node, SimContainer container, VllmArgs args, String wrapper) {
        this.node = node;
        this.container = container;
        this.args = args;
        this.wrapper = wrapper;
        this.wrapperPid = wrapper == null ? 0 : node.docker().nextPid();
        this.pid = node.docker().nextPid();
        this.enginePid = node.docker().nextPid();
        this.lines = new VllmLogLines(pid, enginePid, args.nodeRank());
    }

    public int pid() {
        return pid;
    }

    public String model() {
        return args.model();
    }

    public Phase phase() {
        return phase;
    }

    public boolean isAlive() {
        return phase == Phase.LOADING || phase == Phase.SERVING;
    }

    /** The process's command line as {@code pgrep -af} shows it. */
    public String commandLine() {
        return "/usr/bin/python3 /usr/local/bin/vllm serve " + String.join(" ", args.argv());
    }

    VllmArgs args() {
        return args;
    }

    /** {@code pgrep -af} lines for this process: the {@code bash -c} wrapper (when there is one) and vLLM. */
    List<String> processLines() {
        List<String> out = new ArrayList<>();
        if (wrapper != null) {
            out.add(wrapperPid + " bash -c " + wrapper);
        }
        out.add(pid + " " + commandLine());
        return out;
    }

    /** GiB of unified memory this process holds (vLLM reserves its utilization share up front). */
    double reservedGib() {
        return isAlive() ? args.gpuMemoryUtilization() * DEVICE_GIB : 0;
    }

    /**
     * Runs the start-up on the calling thread, printing through {@code sink}. Returns once the server is up
     * (the process then stays alive until killed) or the process has died. {@code callerCheck} throws when a
     * foreground caller has gone away.
     */
    void start(Consumer<String> sink, Runnable callerCheck) {
        this.sink = sink;
        this.callerCheck = callerCheck;
        this.startNanos = System.nanoTime();
        try {
            boot();
        } catch (Killed e) {
            // the container was stopped mid-load
        }
    }

    /**
     * The engine dies at runtime (vLLM's EngineDeadError): the lines go to the log, the process exits and the
     * model is no longer served, while the container stays up.
     */
    public void crash() {
        if (!isAlive()) {
            return;
        }
        Consumer<String> out = sink == null ? container.log()::append : sink;
        try {
            out.accept(lines.apiError("async_llm.py:480", "AsyncLLM output_handler failed."));
            out.accept(lines.apiRaw("vllm.v1.engine.exceptions.EngineDeadError: EngineCore encountered an issue. "
                    + "See stack trace (above) for the root cause."));
        } catch (ClientGoneException e) {
            // a foreground caller already left; the process dies all the same
        }
        synchronized (this) {
            if (!isAlive()) {
                return;
            }
            phase = Phase.FAILED;
            if (serving) {
                serving = false;
                node.docker().vllmFor(container.name()).ifPresent(SimVllm::endServing);
            }
        }
        ended.countDown();
    }

    /** Kills the process (its container stopped): the served model, if any, goes away with it. */
    void kill() {
        synchronized (this) {
            if (!isAlive()) {
                return;
            }
            phase = Phase.KILLED;
            if (serving) {
                serving = false;
                node.docker().vllmFor(container.name()).ifPresent(SimVllm::endServing);
            }
        }
        ended.countDown();
    }

    /** Waits for the process to end; true when it has. */
    boolean awaitEnd(long millis) throws InterruptedException {
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    /** 1 for a failure, 137 when killed; meaningful once ended. */
    int exitCode() {
        return phase == Phase.KILLED ? 137 : 1;
    }

    private void boot() {
        long total = node.cluster().loadTime().toMillis();
        print(lines.api("api_server.py:1839", "vLLM API server version " + VllmLogLines.VERSION));
        print(lines.api("utils.py:233", "non-default args: {'model_tag': '" + args.model() + "', 'host': '"
                + args.host() + "', 'port': " + args.port() + ", 'model': '" + args.model() + "'"
                + args.maxModelLen().map(n -> ", 'max_model_len': " + n).orElse("")
                + args.servedName().map(n -> ", 'served_model_name': ['" + n + "']").orElse("") + "}"));
        if (portTaken()) {
            failApi(VllmFailureLines.addressInUse());
            return;
        }
        HfCache.Status weights = weightsStatus();
        if (!weights.present() || weights.firstMissing().filter("config.json"::equals).isPresent()) {
            failApi(VllmFailureLines.invalidRepository(args.model()));
            return;
        }
        print(lines.api("model.py:547", "Resolved architecture: " + ModelSizes.architecture(args.model())));
        print(lines.api("model.py:1510", "Using max model len " + args.effectiveMaxModelLen()));
        pause(total * 5 / 100);
        print(lines.engine("core.py:93", "Initializing a V1 LLM engine (v" + VllmLogLines.VERSION
                + ") with config: model='" + args.model() + "', tokenizer='" + args.model()
                + "', dtype=torch.bfloat16, max_seq_len=" + args.effectiveMaxModelLen() + ", tensor_parallel_size="
                + args.tensorParallel() + ", served_model_name=" + args.servedId()));
        print(lines.engine("parallel_state.py:1208", "rank " + args.nodeRank() + " in world size "
                + args.tensorParallel() + " is assigned as DP rank 0, PP rank 0, TP rank " + args.nodeRank()));
        if (!args.ray() && args.tensorParallel() > args.nnodes()) {
            failEngine(VllmFailureLines.worldSizeTooLarge(args.tensorParallel(), args.nnodes()));
            return;
        }
        double otherGib = otherVllmReservedGib();
        if (otherGib > 0) {
            failEngine(VllmFailureLines.notEnoughFreeMemory(DEVICE_GIB - otherGib - 3.1, DEVICE_GIB,
                    args.gpuMemoryUtilization()));
            return;
        }
        print(lines.engine("gpu_model_runner.py:2602", "Starting to load model " + args.model() + "..."));
        pause(total * 5 / 100);
        loadWeights(weights, total * 40 / 100);
        if (!isAlive()) {
            return;
        }
        double modelGib = weights.weightBytes() / (double) (1L << 30) / args.tensorParallel();
        double seconds = elapsedSeconds();
        print(lines.engine("default_loader.py:267", String.format(Locale.ROOT, "Loading weights took %.2f seconds",
                seconds)));
        print(lines.engine("gpu_model_runner.py:2653", String.format(Locale.ROOT,
                "Model loading took %.4f GiB memory and %.6f seconds", modelGib, seconds + 0.4)));
        double budget = args.gpuMemoryUtilization() * DEVICE_GIB;
        if (node.takeOomFault() || modelGib + 2 > budget) {
            failEngine(VllmFailureLines.cudaOutOfMemory(DEVICE_GIB, modelGib));
            return;
        }
        pause(total * 10 / 100);
        print(lines.engine("backends.py:548", "Using cache directory: /root/.cache/vllm/torch_compile_cache/"
                + ImageRegistry.sha256Hex(args.model()).substring(0, 10) + "/rank_0_0/backbone for vLLM's "
                + "torch.compile"));
        print(lines.engine("monitor.py:34", String.format(Locale.ROOT, "torch.compile takes %.2f s in total",
                elapsedSeconds() / 3)));
        double kvGib = Math.max(0.5, budget - modelGib - 3.2);
        long tokens = (long) (kvGib * 7282);
        print(lines.engine("gpu_worker.py:298", String.format(Locale.ROOT, "Available KV cache memory: %.2f GiB",
                kvGib)));
        print(lines.engine("kv_cache_utils.py:1087", String.format(Locale.ROOT, "GPU KV cache size: %,d tokens",
                tokens)));
        print(lines.engine("kv_cache_utils.py:1091", String.format(Locale.ROOT,
                "Maximum concurrency for %,d tokens per request: %.2fx", args.effectiveMaxModelLen(),
                tokens / (double) args.effectiveMaxModelLen())));
        captureGraphs(total * 25 / 100);
        print(lines.engine("gpu_model_runner.py:3480", String.format(Locale.ROOT,
                "Graph capturing finished in %d secs, took 0.52 GiB", Math.max(1, (long) (elapsedSeconds() / 5)))));
        print(lines.engine("core.py:210", String.format(Locale.ROOT,
                "init engine (profile, create kv cache, warmup model) took %.2f seconds", elapsedSeconds())));
        if (args.headless()) {
            print(lines.engine("core.py:680", "Headless mode: engine core running, waiting for the head node"));
            synchronized (this) {
                if (phase == Phase.LOADING) {
                    phase = Phase.SERVING;
                }
            }
            return;
        }
        pause(total * 5 / 100);
        print(lines.api("api_server.py:1634", "Supported_tasks: ['generate']"));
        print(lines.api("api_server.py:1912", "Starting vLLM server on http://" + args.host() + ":" + args.port()));
        print(lines.api("launcher.py:34", "Available routes are:"));
        for (String route : VllmLogLines.ROUTES) {
            print(lines.api("launcher.py:42", "Route: " + route));
        }
        print(lines.apiRaw("INFO:     Started server process [" + pid + "]"));
        print(lines.apiRaw("INFO:     Waiting for application startup."));
        pause(total * 5 / 100);
        synchronized (this) {
            if (phase != Phase.LOADING) {
                return;
            }
            print(lines.apiRaw("INFO:     Application startup complete."));
            phase = Phase.SERVING;
            node.docker().vllmFor(container.name()).ifPresent(vllm -> {
                vllm.beginServing(args.model(), args.servedName().orElse(null), args.effectiveMaxModelLen());
                serving = true;
            });
        }
    }

    private void loadWeights(HfCache.Status weights, long millis) {
        List<String> shards = weights.shards().isEmpty() ? List.of("model.safetensors") : weights.shards();
        int n = shards.size();
        String desc = "Loading safetensors using Fastsafetensor loader";
        print(shardLine(desc, 0, n));
        for (int k = 1; k <= n; k++) {
            pause(millis / n);
            String shard = shards.get(k - 1);
            if (weights.firstMissing().filter(shard::equals).isPresent()) {
                failEngine(VllmFailureLines.missingShard("/root/.cache/huggingface/hub/" + HfCache.dirName(args.model())
                        + "/snapshots/" + weights.snapshotDir().getFileName() + "/" + shard));
                return;
            }
            print(shardLine(desc, k, n));
        }
    }

    /** vLLM's shard bar has no glyph bar: {@code … loader:  25% Completed | 1/4 [00:01<00:03,  1.03s/it]}. */
    private String shardLine(String desc, int k, int n) {
        String bar = TqdmBar.items(desc, k, n, elapsedSeconds());
        return bar.replaceFirst("%\\|[^|]*\\| ", "% Completed | ");
    }

    private void captureGraphs(long millis) {
        int sizes = 67;
        String desc = "Capturing CUDA graphs (mixed prefill-decode, PIECEWISE)";
        long start = System.nanoTime();
        for (int step = 1; step <= 4; step++) {
            pause(millis / 5);
            int done = step == 4 ? sizes : sizes * step / 4;
            print(TqdmBar.items(desc, done, sizes, (System.nanoTime() - start) / 1e9 + 0.5));
        }
        pause(millis / 5);
        print(TqdmBar.items("Capturing CUDA graphs (decode, FULL)", 35, 35, 1.6));
    }

    /**
     * Rank 0 of a multi-node launch needs every other rank: when one is missing or has died, it waits on the
     * process group and prints nothing more until it is stopped (torch.distributed would time out much later).
     */
    private boolean workersAlive() {
        if (args.nnodes() <= 1 || args.nodeRank() != 0 || args.ray() || System.nanoTime() - startNanos < 200_000_000L) {
            return true;
        }
        long alive = node.cluster().nodes().stream()
                .filter(other -> other != node)
                .flatMap(other -> other.docker().find(container.name()).stream())
                .filter(SimContainer::isRunning)
                .flatMap(c -> c.vllmProcesses().stream())
                .filter(p -> p.args.nnodes() == args.nnodes() && p.args.nodeRank() > 0
                        && p.args.masterAddr().equals(args.masterAddr()))
                .count();
        return alive >= args.nnodes() - 1;
    }

    private boolean portTaken() {
        return node.docker().liveVllmProcesses().stream()
                .anyMatch(other -> other != this && !other.args.headless() && other.args.port() == args.port());
    }

    private double otherVllmReservedGib() {
        return node.docker().liveVllmProcesses().stream()
                .filter(other -> other != this)
                .mapToDouble(VllmProcess::reservedGib)
                .sum();
    }

    private HfCache.Status weightsStatus() {
        if (args.model().startsWith("/")) {
            return new HfCache.Status(true, true, List.of("model.safetensors"), java.util.Optional.empty(),
                    ModelSizes.estimateBytes(args.model()), null);
        }
        return node.hfCache().status(args.model());
    }

    /** A failure in the API server process (before any engine starts): its traceback, then the process is gone. */
    private void failApi(List<String> traceback) {
        traceback.forEach(line -> print(lines.apiRaw(line)));
        die();
    }

    /** An engine-core failure: the root cause, then vLLM's two summary lines, then the process is gone. */
    private void failEngine(List<String> rootCause) {
        print(lines.engineRaw("Process EngineCore_DP0:"));
        print(lines.engineRaw("Traceback (most recent call last):"));
        rootCause.forEach(line -> print(lines.engineRaw(line)));
        print(lines.engineError("core.py:843", "EngineCore failed to start."));
        VllmFailureLines.engineInitFailed().forEach(line -> print(lines.apiRaw(line)));
        die();
    }

    private void die() {
        synchronized (this) {
            if (phase == Phase.LOADING) {
                phase = Phase.FAILED;
            }
        }
        ended.countDown();
    }

    private void print(String line) {
        if (phase == Phase.KILLED) {
            throw new Killed();
        }
        sink.accept(line);
    }

    private void pause(long millis) {
        long end = System.nanoTime() + Duration.ofMillis(Math.max(0, millis)).toNanos();
        while (true) {
            if (phase == Phase.KILLED) {
                throw new Killed();
            }
            callerCheck.run();
            if (!workersAlive()) {
                end = Long.MAX_VALUE;
            }
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            try {
                Thread.sleep(Math.min(left, 25));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Killed();
            }
        }
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Unwinds the start-up when the container is stopped mid-load. */
    private static final class Killed extends RuntimeException {
        Killed() {
            super(null, null, false, false);
        }
    }
}
