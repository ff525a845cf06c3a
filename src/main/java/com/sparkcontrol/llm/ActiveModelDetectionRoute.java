package com.sparkcontrol.llm;

import java.util.List;
import java.util.Optional;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Learns the active model from {@code GET /v1/models} on the head: shortly after start-up (a restart of Spark Control
 * never assumes what runs) and then every {@code detect-interval} while no swap runs, so a model started by hand shows too.
 */
@Component
class ActiveModelDetectionRoute extends RouteBuilder {

    private final ActiveModel activeModel;
    private final VllmModels vllm;
    private final LlmProperties properties;

    ActiveModelDetectionRoute(ActiveModel activeModel, VllmModels vllm, LlmProperties properties) {
        this.activeModel = activeModel;
        this.vllm = vllm;
        this.properties = properties;
    }

    @Override
    public void configure() {
        from("timer:llm-detect-active?delay=1000&period=" + properties.detectInterval().toMillis())
                .routeId("llm-detect-active-timer")
                .to("direct:llm-detect-active");

        from("direct:llm-detect-active").routeId("llm-detect-active")
                .process(exchange -> {
                    Optional<List<VllmModels.Served>> served = vllm.list();
                    activeModel.detected(served.flatMap(list -> list.stream().findFirst()).map(VllmModels.Served::id));
                });
    }
}
