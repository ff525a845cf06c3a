package com.sparkcontrol.sim;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plausible weight sizes for a Hugging Face repo id, guessed from its name (parameter count and quantization),
 * so progress bars, {@code df} and vLLM's memory lines look like the real model's.
 */
final class ModelSizes {

    private static final Pattern PARAMS = Pattern.compile("(?<![A-Za-z0-9.])(\\d+(?:\\.\\d+)?)[bB](?![A-Za-z])");
    private static final long DEFAULT_PARAMS_BILLIONS = 30;

    private ModelSizes() {
    }

    static long estimateBytes(String repo) {
        String name = repo.substring(repo.indexOf('/') + 1);
        Matcher matcher = PARAMS.matcher(name);
        double billions = matcher.find() ? Double.parseDouble(matcher.group(1)) : DEFAULT_PARAMS_BILLIONS;
        return (long) (billions * 1e9 * bytesPerParameter(name));
    }

    static double bytesPerParameter(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.matches(".*(awq|int4|nvfp4|mxfp4|gptq|4bit|fp4|autoround|gpt-oss).*")) {
            return 0.56;
        }
        if (lower.matches(".*(fp8|int8|8bit).*")) {
            return 1.02;
        }
        return 2.0;
    }

    /** The architecture vLLM's "Resolved architecture" line would name. */
    static String architecture(String repo) {
        String lower = repo.toLowerCase(Locale.ROOT);
        if (lower.contains("gpt-oss")) {
            return "GptOssForCausalLM";
        }
        if (lower.contains("qwen") && lower.matches(".*-a\\d+b.*")) {
            return "Qwen3MoeForCausalLM";
        }
        if (lower.contains("qwen")) {
            return "Qwen3ForCausalLM";
        }
        if (lower.contains("glm")) {
            return "Glm4MoeForCausalLM";
        }
        if (lower.contains("nemotron")) {
            return "NemotronHForCausalLM";
        }
        if (lower.contains("minimax")) {
            return "MiniMaxM2ForCausalLM";
        }
        if (lower.contains("deepseek")) {
            return "DeepseekV3ForCausalLM";
        }
        if (lower.contains("gemma")) {
            return "Gemma3ForCausalLM";
        }
        if (lower.contains("mistral")) {
            return "MistralForCausalLM";
        }
        return "LlamaForCausalLM";
    }
}
