package com.sparkcontrol.health;

import com.sparkcontrol.health.SparkReading.Gpu;
import java.util.List;

/**
 * GPU figures from {@code nvidia-smi --query-gpu=<GathererScript.GPU_QUERY> --format=csv,noheader,nounits}.
 * Each field stands alone: {@code [N/A]} (GB10 memory), {@code [Not Supported]}, {@code [Unknown Error]},
 * blanks or garbage make that figure unknown, never the whole GPU. The name comes last so a comma in it
 * cannot shift the numbers. Memory is in MiB.
 */
final class NvidiaSmiCsvParser {

    private static final int NUMERIC_FIELDS = 7;

    private NvidiaSmiCsvParser() {}

    static Gpu parse(List<String> lines) {
        Gpu first = null;
        int count = 0;
        for (String line : lines) {
            String[] fields = line.split(",", NUMERIC_FIELDS + 1);
            if (fields.length < NUMERIC_FIELDS + 1) {
                continue; // an error message or a header, not a GPU
            }
            count++;
            if (first == null) {
                first = gpu(fields);
            }
        }
        if (first == null) {
            return Gpu.UNKNOWN;
        }
        return new Gpu(first.name(), first.utilPercent(), first.temperatureC(), first.powerW(), first.smClockMhz(),
                first.memClockMhz(), first.memoryTotalBytes(), first.memoryUsedBytes(), count);
    }

    private static Gpu gpu(String[] f) {
        String name = f[NUMERIC_FIELDS].strip();
        if (name.isEmpty() || name.startsWith("[") || name.length() > 100) {
            name = null;
        }
        Long memoryTotal = mebibytes(f[5]);
        Long memoryUsed = memoryTotal == null ? null : mebibytes(f[6]);
        return new Gpu(name, percent(f[0]), range(f[1], -50, 200), range(f[2], 0, 10_000), range(f[3], 0, 100_000),
                range(f[4], 0, 100_000), memoryTotal, memoryUsed, 1);
    }

    private static Double percent(String text) {
        return range(text, 0, 100);
    }

    private static Double range(String text, double min, double max) {
        Double value = Numbers.decimal(text);
        return value == null || value < min || value > max ? null : value;
    }

    private static Long mebibytes(String text) {
        Double value = range(text, 0, 1L << 40);
        return value == null ? null : Math.round(value * 1024 * 1024);
    }
}
