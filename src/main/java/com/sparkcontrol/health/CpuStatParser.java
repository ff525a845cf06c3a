package com.sparkcontrol.health;

import com.sparkcontrol.health.SparkReading.Cpu;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * CPU figures from {@code /proc/stat} and {@code /proc/loadavg}. The busy share is the difference between two
 * polls of the aggregate {@code cpu} line, so it remembers each Spark's previous counters; the first poll
 * (and the one after a reboot, when counters go back) gives an unknown percentage.
 */
@Component
class CpuStatParser {

    private record Counters(long busy, long total) {}

    private final Map<String, Counters> previous = new ConcurrentHashMap<>();

    Cpu parse(String spark, List<String> statLines, List<String> loadavgLines) {
        Counters now = null;
        int cores = 0;
        for (String line : statLines) {
            String[] fields = line.strip().split("\\s+");
            if (fields[0].equals("cpu")) {
                now = counters(fields);
            } else if (fields[0].matches("cpu\\d+")) {
                cores++;
            }
        }
        Double percent = null;
        if (now == null) {
            previous.remove(spark);
        } else {
            Counters before = previous.put(spark, now);
            if (before != null && now.total() > before.total() && now.busy() >= before.busy()) {
                double share = (double) (now.busy() - before.busy()) / (now.total() - before.total());
                percent = Math.round(Math.min(1, Math.max(0, share)) * 1000) / 10.0;
            }
        }
        Double[] load = load(loadavgLines);
        return new Cpu(percent, load[0], load[1], load[2], cores > 0 ? cores : null);
    }

    /** user nice system idle iowait irq softirq steal (guest time is already inside user and nice). */
    private static Counters counters(String[] fields) {
        if (fields.length < 5) {
            return null;
        }
        long total = 0;
        long idle = 0;
        for (int i = 1; i < Math.min(fields.length, 9); i++) {
            Long value = Numbers.wholeNumber(fields[i]);
            if (value == null) {
                return null;
            }
            total += value;
            if (i == 4 || i == 5) {
                idle += value;
            }
        }
        return new Counters(total - idle, total);
    }

    private static Double[] load(List<String> lines) {
        Double[] load = new Double[3];
        if (!lines.isEmpty()) {
            String[] fields = lines.get(0).strip().split("\\s+");
            for (int i = 0; i < 3 && i < fields.length; i++) {
                Double value = Numbers.decimal(fields[i]);
                load[i] = value == null || value < 0 ? null : value;
            }
        }
        return load;
    }

    void forget(String spark) {
        previous.remove(spark);
    }
}
