package com.sparkcontrol.llm;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code direct:llm-swap-tail-logs}: while the swap is in flight, poll the container's log (about once per
 * {@code log-poll-interval}) and then the ready gate. Failures, the deadline and cancels leave the loop by exception.
 */
@Component
class SwapLogTailRoute extends RouteBuilder {

    private final LogPoll poll;
    private final ReadinessCheck readiness;
    private final LlmProperties properties;

    SwapLogTailRoute(LogPoll poll, ReadinessCheck readiness, LlmProperties properties) {
        this.poll = poll;
        this.readiness = readiness;
        this.properties = properties;
    }

    @Override
    public void configure() {
        errorHandler(noErrorHandler());

        from("direct:llm-swap-tail-logs").routeId("llm-swap-tail-logs")
                .loopDoWhile(exchange -> exchange.getIn().getBody(Swap.class).inFlight())
                    .breakOnShutdown()
                    .process(poll)
                    .process(readiness)
                    .filter(exchange -> exchange.getIn().getBody(Swap.class).inFlight())
                        .delay(properties.logPollInterval().toMillis()).syncDelayed()
                    .end()
                .end();
    }
}
