package com.sparkcontrol.services;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ProcessorDefinition;
import org.springframework.stereotype.Component;

/**
 * The service lifecycle: {@code services-action} admits an action (all checks before any SSH) and answers
 * with its id at once; {@code services-action-run} runs it in the background through the action's own route
 * ({@code services-action-install}, {@code -start}, {@code -stop}, {@code -restart}, {@code -remove},
 * {@code -reapply-patches}), each planning its commands from the definition and running them one by one,
 * and records how it ended.
 */
@Component
class ServiceActionRoute extends RouteBuilder {

    private final ServiceActionAdmission admission;
    private final ServiceActionPlanner planner;
    private final ServiceStepRunner runner;
    private final OverlayVerifier overlayVerifier;
    private final ServiceActionFinisher finisher;

    ServiceActionRoute(ServiceActionAdmission admission, ServiceActionPlanner planner, ServiceStepRunner runner,
            OverlayVerifier overlayVerifier, ServiceActionFinisher finisher) {
        this.admission = admission;
        this.planner = planner;
        this.runner = runner;
        this.overlayVerifier = overlayVerifier;
        this.finisher = finisher;
    }

    @Override
    public void configure() {
        // refusals (400/404/409) go back to the controller and failures to the action's record; neither is a
        // delivery error worth a stack trace in the log
        errorHandler(noErrorHandler());

        from("direct:services-action").routeId("services-action")
                .process(admission)
                .wireTap("direct:services-action-run");

        from("direct:services-action-run").routeId("services-action-run")
                .doTry()
                    .toD("direct:services-action-${exchangeProperty." + ServiceActionAdmission.ACTION + "}")
                    .process(finisher::succeeded)
                .doCatch(Exception.class)
                    .process(finisher::failed)
                .end();

        for (ServiceAction action : ServiceAction.values()) {
            ProcessorDefinition<?> route = from("direct:services-action-" + action.id()).routeId("services-action-" + action.id())
                    .process(planner)
                    .split(body()).stopOnException()
                        .process(runner)
                    .end();
            if (action == ServiceAction.INSTALL || action == ServiceAction.REAPPLY_PATCHES) {
                route.process(overlayVerifier);
            }
        }
    }
}
