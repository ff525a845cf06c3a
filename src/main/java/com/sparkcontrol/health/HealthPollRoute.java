package com.sparkcontrol.health;

import com.sparkcontrol.config.BackendUrls.Backend;
import com.sparkcontrol.config.SparkNodes;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The health poll: every {@code spark-control.health.poll-interval}, all Sparks (one SSH exec each) and all
 * backends (HTTP) are polled side by side. Each Spark's reading is recorded the moment it arrives, so a hung
 * Spark (bounded by {@code ssh-timeout}) never holds back the others' figures. The quartz job is stateful:
 * a poll that runs long delays the next one (to the next slot) instead of overlapping it.
 */
@Component
class HealthPollRoute extends RouteBuilder {

    private final HealthProperties properties;
    private final SparkNodes nodes;
    private final SparkGatherer sparkGatherer;
    private final BackendPoller backendPoller;
    private final PollCompletion pollCompletion;

    HealthPollRoute(HealthProperties properties, SparkNodes nodes, SparkGatherer sparkGatherer, BackendPoller backendPoller,
            PollCompletion pollCompletion) {
        this.properties = properties;
        this.nodes = nodes;
        this.sparkGatherer = sparkGatherer;
        this.backendPoller = backendPoller;
        this.pollCompletion = pollCompletion;
    }

    @Override
    public void configure() {
        // stateful: never two polls at once; misfire instruction 4 (reschedule next with remaining count): a poll
        // that overran its slot is followed by the next one on the schedule, not by a burst of catch-up polls
        from("quartz://health/poll?stateful=true&trigger.misfireInstruction=4&trigger.repeatInterval="
                + properties.pollInterval().toMillis())
                .routeId("health-poll")
                .multicast().parallelProcessing()
                    .to("direct:health-poll-sparks", "direct:health-poll-backends")
                .end()
                .process(pollCompletion);

        from("direct:health-poll-sparks").routeId("health-poll-sparks")
                .process(e -> e.getMessage().setBody(nodes.all()))
                .split(body()).parallelProcessing()
                    .process(sparkGatherer)
                .end();

        from("direct:health-poll-backends").routeId("health-poll-backends")
                .setBody(constant(List.of(Backend.values())))
                .split(body()).parallelProcessing()
                    .process(backendPoller)
                .end();
    }
}
