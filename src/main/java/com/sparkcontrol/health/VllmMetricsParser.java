package com.sparkcontrol.health;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the few series Spark Control needs from vLLM's Prometheus text ({@code /metrics}), summing over label
 * sets (one per engine or model). Unknown lines, comments, NaN and garbage are skipped, so a format change
 * costs only the figures it touches.
 */
final class VllmMetricsParser {

    static final String RUNNING = "vllm:num_requests_running";
    static final String WAITING = "vllm:num_requests_waiting";
    static final String KV_CACHE = "vllm:kv_cache_usage_perc";
    /** Deprecated name of {@link #KV_CACHE}; older vLLM builds still emit only this one. */
    static final String GPU_CACHE = "vllm:gpu_cache_usage_perc";
    static final String GENERATION_TOKENS = "vllm:generation_tokens_total";
    static final String PROMPT_TOKENS = "vllm:prompt_tokens_total";

    private static final Set<String> WANTED = Set.of(RUNNING, WAITING, KV_CACHE, GPU_CACHE, GENERATION_TOKENS, PROMPT_TOKENS);
    /** Share-like series are averaged over engines rather than added up. */
    private static final Set<String> AVERAGED = Set.of(KV_CACHE, GPU_CACHE);

    private VllmMetricsParser() {}

    /** Summed (or, for cache use, averaged) values of the wanted series that appeared with a usable value. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> sums = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int nameEnd = 0;
            while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && !Character.isWhitespace(line.charAt(nameEnd))) {
                nameEnd++;
            }
            String name = line.substring(0, nameEnd);
            if (!WANTED.contains(name)) {
                continue;
            }
            int rest = nameEnd;
            if (rest < line.length() && line.charAt(rest) == '{') {
                rest = endOfLabels(line, rest);
                if (rest < 0) {
                    continue;
                }
            }
            String[] tail = line.substring(rest).strip().split("\\s+");
            Double value = Numbers.decimal(tail[0]);
            if (value != null) {
                sums.merge(name, value, Double::sum);
                counts.merge(name, 1, Integer::sum);
            }
        }
        for (String name : AVERAGED) {
            if (sums.containsKey(name)) {
                sums.put(name, sums.get(name) / counts.get(name));
            }
        }
        return sums;
    }

    /** Index just past the closing brace of a label set, honouring quoted values with escapes; -1 if unclosed. */
    private static int endOfLabels(String line, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i + 1;
            }
        }
        return -1;
    }
}
