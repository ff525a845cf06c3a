package com.sparkcontrol.llm;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The swap flow ({@code direct:llm-swap}, body: the {@link Swap} that {@link ActiveModel#begin} created):
 * pre-flight, stop, launch, then follow the load until READY; any failure or cancel goes to {@link SwapOutcome},
 * and the cluster is released for the next swap however it ended.
 */
@Component
class SwapRoute extends RouteBuilder {

    private final SwapPreflight preflight;
    private final ClusterStop stop;
    private final VllmLaunch launch;
    private final SwapOutcome outcome;
    private final ActiveModel activeModel;

    SwapRoute(SwapPreflight preflight, ClusterStop stop, VllmLaunch launch, SwapOutcome outcome, ActiveModel activeModel) {
        this.preflight = preflight;
        this.stop = stop;
        this.launch = launch;
        this.outcome = outcome;
        this.activeModel = activeModel;
    }

    @Override
    public void configure() {
        // failures travel back to llm-swap's doCatch; no per-route redelivery or stack-trace logging
        errorHandler(noErrorHandler());

        from("direct:llm-swap").routeId("llm-swap")
                .doTry()
                    .to("direct:llm-swap-preflight")
                    .to("direct:llm-swap-stop")
                    .to("direct:llm-swap-launch")
                    .to("direct:llm-swap-tail-logs")
                .doCatch(Exception.class)
                    .process(outcome)
                .doFinally()
                    .process(exchange -> activeModel.finished(exchange.getIn().getBody(Swap.class)))
                .end();

        from("direct:llm-swap-preflight").routeId("llm-swap-preflight").process(preflight);
        from("direct:llm-swap-stop").routeId("llm-swap-stop").process(stop);
        from("direct:llm-swap-launch").routeId("llm-swap-launch").process(launch);
    }
}
