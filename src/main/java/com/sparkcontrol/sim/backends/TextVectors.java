package com.sparkcontrol.sim.backends;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Deterministic stand-in sentence embeddings: the normalised sum of one pseudo-random vector per word,
 * seeded by the model id and the word. Texts sharing words point the same way, so similarity search over
 * the simulator behaves plausibly; a different model id gives unrelated vectors, as a real model swap does.
 */
final class TextVectors {

    /** [CLS] and [SEP], counted by TEI's tokenizer for a BERT-style model. */
    private static final int SPECIAL_TOKENS = 2;

    private TextVectors() {
    }

    static List<String> words(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(lower.split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
    }

    static int tokenCount(String text) {
        return words(text).size() + SPECIAL_TOKENS;
    }

    static float[] embed(String modelId, String text, int dimension, boolean normalise) {
        List<String> words = words(text);
        if (words.isEmpty()) {
            words = List.of(text);
        }
        long model = hash(modelId);
        double[] sum = new double[dimension];
        for (String word : words) {
            long seed = HeardAudio.mix(model ^ hash(word));
            for (int i = 0; i < dimension; i++) {
                long bits = HeardAudio.mix(seed + i);
                sum[i] += (bits >>> 11) * 0x1.0p-53 * 2 - 1;
            }
        }
        double norm = 0;
        for (double v : sum) {
            norm += v * v;
        }
        double scale = normalise ? 1 / Math.sqrt(norm) : 1.0 / words.size();
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) (sum[i] * scale);
        }
        return vector;
    }

    /** FNV-1a over UTF-8, then mixed. */
    private static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return HeardAudio.mix(h);
    }
}
