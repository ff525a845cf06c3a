package com.sparkcontrol.services;

import com.sparkcontrol.services.ServiceActions.ActionRun;
import com.sparkcontrol.ssh.SparkException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Ends an action: records its result, and forgets the Spark's container listing, which the action changed. */
@Component
class ServiceActionFinisher {

    private static final Logger log = LoggerFactory.getLogger(ServiceActionFinisher.class);

    private final ServiceActions actions;
    private final ContainerStates containers;
    private final ServiceCatalog catalog;

    ServiceActionFinisher(ServiceActions actions, ContainerStates containers, ServiceCatalog catalog) {
        this.actions = actions;
        this.containers = containers;
        this.catalog = catalog;
    }

    void succeeded(Exchange exchange) {
        ActionRun run = exchange.getProperty(ServiceActionAdmission.RUN, ActionRun.class);
        containers.invalidate(catalog.nodeOf(run.service()));
        actions.succeeded(run, run.service().name() + " " + run.action().id() + " finished on " + run.service().node());
    }

    void failed(Exchange exchange) {
        ActionRun run = exchange.getProperty(ServiceActionAdmission.RUN, ActionRun.class);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        containers.invalidate(catalog.nodeOf(run.service()));
        // the splitter wraps a failed step's exception; the step's own reason is further down the chain
        Throwable reason = e;
        while (reason != null && !(reason instanceof ServiceActionFailure || reason instanceof SparkException)) {
            reason = reason.getCause();
        }
        String detail;
        if (reason != null) {
            detail = reason.getMessage();
        } else {
            log.error("services-action: {} {} failed unexpectedly", run.service().name(), run.action().id(), e);
            detail = "unexpected failure (" + (e == null ? "unknown" : e.getClass().getSimpleName()) + "); see the Spark Control log";
        }
        actions.failed(run, detail);
    }
}
