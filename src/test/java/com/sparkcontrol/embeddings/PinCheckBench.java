package com.sparkcontrol.embeddings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * CPU the embeddings pin check spends reading one answer ({@link EmbeddingsAnswer#read}: model and first vector
 * length), for TEI-shaped answers of 1, 32 and 128 vectors of 1024 floats, next to two baselines on the same
 * bytes in the same run: copying them (the gateway holds every answer whole anyway) and tokenizing all of them
 * with Jackson's streaming parser (what reading the model after the vectors cost before {@link JsonSkip}).
 * Run with {@code bench/embeddings/run.sh}. Time is this thread's CPU time, median of 7 rounds after warm-up.
 */
public final class PinCheckBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final JsonFactory JSON = new JsonFactory();
    private static final int DIMENSION = 1024;

    private PinCheckBench() {}

    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "java %s; answers of n vectors of %d floats, TEI's shape (model after the vectors)%n%n",
                System.getProperty("java.version"), DIMENSION);
        System.out.println("| vectors | answer (kB) | copy µs | tokenize all µs | pin check read µs | read ÷ copy | tokenize ÷ read |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (int vectors : new int[] {1, 32, 128}) {
            byte[] answer = teiAnswer(vectors);
            if (!EmbeddingsAnswer.read(answer).equals(java.util.Optional.of(new EmbeddingsAnswer("BAAI/bge-m3", DIMENSION)))) {
                throw new IllegalStateException("the bench answer is not read as expected");
            }
            double copy = micros(answer, bytes -> Arrays.copyOf(bytes, bytes.length).length);
            double tokenize = micros(answer, PinCheckBench::tokenizeAll);
            double read = micros(answer, bytes -> EmbeddingsAnswer.read(bytes).orElseThrow().dimension());
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f |%n", vectors, answer.length / 1000.0,
                    copy, tokenize, read, read / copy, tokenize / read);
        }
    }

    /** Median µs of CPU per call over 7 rounds, each at least 0.3 s, after 2 s of warm-up. */
    private static double micros(byte[] answer, ToIntFunction<byte[]> work) {
        long sink = 0;
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            sink += work.applyAsInt(answer);
        }
        double[] rounds = new double[7];
        for (int r = 0; r < rounds.length; r++) {
            long calls = 0;
            long start = THREADS.getCurrentThreadCpuTime();
            long spent;
            do {
                sink += work.applyAsInt(answer);
                calls++;
                spent = THREADS.getCurrentThreadCpuTime() - start;
            } while (spent < 300_000_000L);
            rounds[r] = spent / 1000.0 / calls;
        }
        if (sink == 42) {
            System.out.print(""); // keeps the JIT from dropping the work
        }
        Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }

    private static int tokenizeAll(byte[] answer) {
        int tokens = 0;
        try (JsonParser parser = JSON.createParser(answer)) {
            while (parser.nextToken() != null) {
                tokens++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }

    /** Like TEI's /v1/embeddings answer: floats printed with their full precision, then model and usage. */
    private static byte[] teiAnswer(int vectors) {
        Random random = new Random(7);
        StringBuilder json = new StringBuilder("{\"object\":\"list\",\"data\":[");
        for (int v = 0; v < vectors; v++) {
            json.append(v == 0 ? "" : ",").append("{\"object\":\"embedding\",\"embedding\":[");
            for (int i = 0; i < DIMENSION; i++) {
                json.append(i == 0 ? "" : ",").append((float) (random.nextGaussian() * 0.05));
            }
            json.append("],\"index\":").append(v).append('}');
        }
        json.append("],\"model\":\"BAAI/bge-m3\",\"usage\":{\"prompt_tokens\":").append(vectors * 12)
                .append(",\"total_tokens\":").append(vectors * 12).append("}}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
