package com.sparkcontrol.sim;

import java.util.List;
import java.util.Optional;

/** The {@code vllm serve} arguments the simulator cares about, read the way vLLM's argparse would. */
record VllmArgs(List<String> argv, String model, String host, int port, Optional<String> servedName,
        Optional<Integer> maxModelLen, int tensorParallel, double gpuMemoryUtilization, boolean headless,
        int nodeRank, int nnodes, String masterAddr, boolean ray) {

    static final int DEFAULT_PORT = 8000;
    static final int DEFAULT_MAX_MODEL_LEN = 32768;

    /** Parses the words after {@code vllm serve}; empty when no model is given. */
    static Optional<VllmArgs> parse(List<String> serveArgs) {
        String model = null;
        if (!serveArgs.isEmpty() && !serveArgs.get(0).startsWith("-")) {
            model = serveArgs.get(0);
        }
        model = option(serveArgs, "--model").orElse(model);
        if (model == null) {
            return Optional.empty();
        }
        String host = option(serveArgs, "--host").orElse("0.0.0.0");
        int port = option(serveArgs, "--port").map(VllmArgs::parseIntOrNull).orElse(DEFAULT_PORT);
        Optional<Integer> maxLen = option(serveArgs, "--max-model-len").map(VllmArgs::parseLength);
        int tp = option(serveArgs, "--tensor-parallel-size", "-tp").map(VllmArgs::parseIntOrNull).orElse(1);
        double gmu = option(serveArgs, "--gpu-memory-utilization").map(VllmArgs::parseDouble).orElse(0.9);
        int rank = option(serveArgs, "--node-rank").map(VllmArgs::parseIntOrNull).orElse(0);
        int nnodes = option(serveArgs, "--nnodes").map(VllmArgs::parseIntOrNull).orElse(1);
        return Optional.of(new VllmArgs(List.copyOf(serveArgs), model, host, port,
                option(serveArgs, "--served-model-name"), maxLen.filter(n -> n > 0), Math.max(1, tp), gmu,
                serveArgs.contains("--headless"), rank, Math.max(1, nnodes), option(serveArgs, "--master-addr").orElse(""),
                option(serveArgs, "--distributed-executor-backend").filter("ray"::equals).isPresent()));
    }

    String servedId() {
        return servedName.orElse(model);
    }

    int effectiveMaxModelLen() {
        return maxModelLen.orElse(DEFAULT_MAX_MODEL_LEN);
    }

    /** The value of the first of {@code names} present, in {@code --name value} or {@code --name=value} form. */
    static Optional<String> option(List<String> args, String... names) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            for (String name : names) {
                if (arg.equals(name) && i + 1 < args.size()) {
                    return Optional.of(args.get(i + 1));
                }
                if (arg.startsWith(name + "=")) {
                    return Optional.of(arg.substring(name.length() + 1));
                }
            }
        }
        return Optional.empty();
    }

    private static Integer parseIntOrNull(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double parseDouble(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return 0.9;
        }
    }

    /** vLLM accepts plain integers and human forms such as {@code 32k}; anything else means "from the model". */
    private static Integer parseLength(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.endsWith("k")) {
                return Integer.parseInt(t.substring(0, t.length() - 1)) * 1024;
            }
            if (t.endsWith("m")) {
                return Integer.parseInt(t.substring(0, t.length() - 1)) * 1024 * 1024;
            }
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
