package com.sparkcontrol.llm;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The cluster update flow ({@code direct:llm-cluster-update}, body: the {@link ClusterUpdate.Run}). */
@Component
class ClusterUpdateRoute extends RouteBuilder {

    private final ClusterUpdateRun run;
    private final ClusterUpdate updates;

    ClusterUpdateRoute(ClusterUpdateRun run, ClusterUpdate updates) {
        this.run = run;
        this.updates = updates;
    }

    @Override
    public void configure() {
        errorHandler(noErrorHandler());

        from("direct:llm-cluster-update").routeId("llm-cluster-update")
                .doTry()
                    .process(run)
                .doCatch(Exception.class)
                    .process(exchange -> updates.end(exchange.getIn().getBody(ClusterUpdate.Run.class), false,
                            exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage()))
                .doFinally()
                    .process(exchange -> updates.end(exchange.getIn().getBody(ClusterUpdate.Run.class), false, "ended without an outcome"))
                .end();
    }
}
