package com.sparkcontrol.routes;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The guards of {@code direct:guarded-call}, one per name a route gives in {@code SparkControlGuard}, created on
 * first use with the {@code spark-control.routes.guard.*} settings. Routes that name the same guard share its
 * slot and breaker (two paths to one GPU server). A guard outlives its route file: editing the file keeps the
 * breaker's memory.
 */
@Component
class OperatorGuards {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final RoutesProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, CallGuard> guards = new ConcurrentHashMap<>();

    OperatorGuards(RoutesProperties properties) {
        this.properties = properties;
    }

    /** The guard named {@code name}, which must match {@link #NAME}. */
    CallGuard named(String name) {
        return guards.computeIfAbsent(name, n -> new CallGuard(n, properties.guard(), clock));
    }

    /** For {@code /api/status}: breaker, slot and queue of each guard in use. */
    Map<String, Object> snapshot() {
        Map<String, Object> all = new TreeMap<>();
        guards.forEach((name, guard) -> all.put(name, guard.snapshot()));
        return all;
    }
}
