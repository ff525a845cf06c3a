package com.sparkcontrol.health;

import com.sparkcontrol.config.BackendUrls.Backend;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code direct:health-deep}: probes every backend now, side by side, and answers the list of readings with
 * each HTTP call's status, timing and error. It leaves the poll's state and tokens-per-second counters alone.
 */
@Component
class DeepHealthRoute extends RouteBuilder {

    private final BackendProber prober;

    DeepHealthRoute(BackendProber prober) {
        this.prober = prober;
    }

    @Override
    public void configure() {
        from("direct:health-deep").routeId("health-deep")
                .setBody(constant(List.of(Backend.values())))
                .split(body(), AggregationStrategies.flexible(BackendReading.class).accumulateInCollection(ArrayList.class))
                    .parallelProcessing()
                    .process(e -> e.getMessage().setBody(prober.probe(e.getMessage().getBody(Backend.class), false)))
                .end();
    }
}
