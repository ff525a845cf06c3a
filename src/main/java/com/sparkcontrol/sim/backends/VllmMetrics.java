package com.sparkcontrol.sim.backends;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine counters behind vLLM's {@code /metrics}, rendered as prometheus_client does: counters carry
 * {@code _total} on their HELP/TYPE lines and a {@code _created} gauge, labels are {@code model_name},
 * then {@code engine}. KV-cache usage is the live tokens of running requests over a cache the size of
 * four full contexts.
 */
final class VllmMetrics {

    private static final int CACHE_CONTEXTS = 4;

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong liveTokens = new AtomicLong();
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong generationTokens = new AtomicLong();
    private final Map<String, AtomicLong> finished = new ConcurrentHashMap<>();
    private volatile double createdEpochSeconds = now();

    void started(int prompt) {
        running.incrementAndGet();
        liveTokens.addAndGet(prompt);
        promptTokens.addAndGet(prompt);
    }

    void generated() {
        liveTokens.incrementAndGet();
        generationTokens.incrementAndGet();
    }

    /** {@code finishReason} null means aborted: vLLM counts only finished requests as successes. */
    void ended(int prompt, int generated, String finishReason) {
        running.decrementAndGet();
        liveTokens.addAndGet(-(prompt + generated));
        if (finishReason != null) {
            finished.computeIfAbsent(finishReason, r -> new AtomicLong()).incrementAndGet();
        }
    }

    long generationTokens() {
        return generationTokens.get();
    }

    int running() {
        return running.get();
    }

    /** A restarted engine starts its counters from zero; gauges follow the requests still running. */
    void restart() {
        promptTokens.set(0);
        generationTokens.set(0);
        finished.clear();
        createdEpochSeconds = now();
    }

    String render(String modelName, int waiting, int maxModelLen) {
        String labels = "model_name=\"" + modelName.replace("\\", "\\\\").replace("\"", "\\\"") + "\",engine=\"0\"";
        double capacity = (double) Math.max(1, maxModelLen) * CACHE_CONTEXTS;
        double kv = Math.min(1.0, Math.max(0, liveTokens.get()) / capacity);
        StringBuilder out = new StringBuilder();
        gauge(out, "vllm:num_requests_running", "Number of requests in model execution batches.", labels, running.get());
        gauge(out, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", labels, waiting);
        gauge(out, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", labels, kv);
        counter(out, "vllm:prompt_tokens", "Number of prefill tokens processed.", labels, promptTokens.get());
        counter(out, "vllm:generation_tokens", "Number of generation tokens processed.", labels, generationTokens.get());
        out.append("# HELP vllm:request_success_total Count of successfully processed requests.\n")
                .append("# TYPE vllm:request_success_total counter\n");
        new TreeMap<>(finished).forEach((reason, count) -> out.append("vllm:request_success_total{").append(labels)
                .append(",finished_reason=\"").append(reason).append("\"} ").append(number(count.get())).append('\n'));
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, String labels, double value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n")
                .append(name).append('{').append(labels).append("} ").append(number(value)).append('\n');
    }

    private void counter(StringBuilder out, String family, String help, String labels, long value) {
        out.append("# HELP ").append(family).append("_total ").append(help).append('\n')
                .append("# TYPE ").append(family).append("_total counter\n")
                .append(family).append("_total{").append(labels).append("} ").append(number(value)).append('\n')
                .append("# HELP ").append(family).append("_created ").append(help).append('\n')
                .append("# TYPE ").append(family).append("_created gauge\n")
                .append(family).append("_created{").append(labels).append("} ")
                .append(number(createdEpochSeconds)).append('\n');
    }

    /** Python's float repr for the values seen here: {@code 3.0}, {@code 0.125}, {@code 1731000000.25}. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return (long) value + ".0";
        }
        return BigDecimal.valueOf(value).toPlainString();
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
