package com.sparkcontrol.health;

import com.sparkcontrol.config.BackendUrls.Backend;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Probes one backend (the exchange body) for the poll and hands the reading to {@link ClusterHealth}. */
@Component
class BackendPoller implements Processor {

    private final BackendProber prober;
    private final ClusterHealth health;
    private final HealthMetrics metrics;

    BackendPoller(BackendProber prober, ClusterHealth health, HealthMetrics metrics) {
        this.prober = prober;
        this.health = health;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        Backend backend = exchange.getMessage().getBody(Backend.class);
        long start = System.nanoTime();
        BackendReading reading = prober.probe(backend, true);
        if (reading.configured()) {
            metrics.backendProbed(backend.key(), Duration.ofNanos(System.nanoTime() - start));
        }
        health.record(reading);
    }
}
