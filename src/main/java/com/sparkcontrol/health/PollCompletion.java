package com.sparkcontrol.health;

import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Closes one poll: times it and sends the browsers a health tick with the fresh figures. */
@Component
class PollCompletion implements Processor {

    private final ClusterHealth health;
    private final HealthMetrics metrics;

    PollCompletion(ClusterHealth health, HealthMetrics metrics) {
        this.health = health;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        long millis = exchange.getClock().elapsed();
        metrics.cycleCompleted(Duration.ofMillis(millis));
        health.pollCompleted(Instant.now(), millis);
    }
}
