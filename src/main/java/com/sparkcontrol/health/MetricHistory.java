package com.sparkcontrol.health;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last N points of every metric of every subject (a Spark or a backend), for the dashboard's sparklines.
 * Unknown values are kept as null so a sparkline shows a gap, not a made-up value.
 */
final class MetricHistory {

    private final int size;
    private final Map<String, Map<String, Deque<Object[]>>> series = new HashMap<>();

    MetricHistory(int size) {
        this.size = size;
    }

    /** Appends one point per metric (in the map's order), dropping the oldest beyond the bound. */
    synchronized void append(String subject, Instant at, Map<String, Double> values) {
        Map<String, Deque<Object[]>> metrics = series.computeIfAbsent(subject, k -> new LinkedHashMap<>());
        long t = at.toEpochMilli();
        values.forEach((metric, value) -> {
            Deque<Object[]> points = metrics.computeIfAbsent(metric, k -> new ArrayDeque<>());
            points.addLast(new Object[] {t, value});
            while (points.size() > size) {
                points.removeFirst();
            }
        });
    }

    /** {@code metric → [[epochMillis, value|null], …]}, oldest first. */
    synchronized Map<String, List<Object[]>> of(String subject) {
        Map<String, List<Object[]>> copy = new LinkedHashMap<>();
        series.getOrDefault(subject, Map.of()).forEach((metric, points) -> {
            List<Object[]> list = new ArrayList<>(points.size());
            points.forEach(p -> list.add(Arrays.copyOf(p, 2)));
            copy.put(metric, list);
        });
        return copy;
    }
}
