package com.sparkcontrol.redaction;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/** How many entities of each type one request had redacted: counts only, never values. */
public final class RedactionStats {

    /** The Micrometer counter, tagged {@code type}; Prometheus shows it as {@code sparkcontrol_redaction_entities_total}. */
    public static final String METRIC = "sparkcontrol.redaction.entities";

    private final Map<EntityType, Integer> counts = new EnumMap<>(EntityType.class);

    void count(EntityType type) {
        counts.merge(type, 1, Integer::sum);
    }

    /** Occurrences redacted per type (an address seen twice counts twice). */
    public Map<EntityType, Integer> counts() {
        return Map.copyOf(counts);
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Adds this request's counts to the per-type counter. */
    public void publish(MeterRegistry registry) {
        counts.forEach((type, n) -> registry.counter(METRIC, "type", type.name()).increment(n));
    }

    /** For the request's one log line, e.g. {@code redacted=3 EMAIL_ADDRESS=2 PHONE_NUMBER=1}. */
    public String summary() {
        return counts.entrySet().stream()
                .map(e -> e.getKey().name() + "=" + e.getValue())
                .collect(Collectors.joining(" ", "redacted=" + total() + (counts.isEmpty() ? "" : " "), ""));
    }
}
