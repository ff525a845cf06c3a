package com.sparkcontrol.services;

import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.services.ServiceActions.ActionRun;
import com.sparkcontrol.services.ServiceCommands.Plan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Turns the admitted action into its commands ({@link ServiceCommands}), reading the Spark's containers
 * fresh where the plan depends on them: an install removes an old container only when there is one, and
 * patches need the container they go into. Leaves the steps as the body, and the overlays to verify.
 */
@Component
class ServiceActionPlanner implements Processor {

    static final String OVERLAYS_TO_VERIFY = "serviceOverlaysToVerify";

    private final ServiceCatalog catalog;
    private final ServiceCommands commands;
    private final ContainerStates containers;

    ServiceActionPlanner(ServiceCatalog catalog, ServiceCommands commands, ContainerStates containers) {
        this.catalog = catalog;
        this.commands = commands;
        this.containers = containers;
    }

    @Override
    public void process(Exchange exchange) {
        ActionRun run = exchange.getProperty(ServiceActionAdmission.RUN, ActionRun.class);
        ServiceDefinition service = run.service();
        List<ServiceDefinition> overlays = new ArrayList<>();
        Plan plan = switch (run.action()) {
            case INSTALL -> {
                if (service.isOverlay()) {
                    overlays.add(service);
                    yield overlayPlan(service, overlays);
                }
                boolean exists = containers.refresh(node(service)).container(service.container()).isPresent();
                yield commands.install(service, exists);
            }
            case START -> commands.start(service);
            case STOP -> commands.stop(service);
            case RESTART -> commands.restart(service);
            case REMOVE -> service.isOverlay() ? commands.removeOverlay(service) : commands.remove(service);
            case REAPPLY_PATCHES -> {
                overlays.addAll(service.isOverlay() ? List.of(service)
                        : catalog.hostedIn(service).stream().filter(d -> d.overlay() != null).toList());
                yield overlayPlan(service, overlays);
            }
        };
        run.secrets(plan.secrets());
        exchange.setProperty(OVERLAYS_TO_VERIFY, overlays);
        exchange.getIn().setBody(plan.steps());
    }

    private Plan overlayPlan(ServiceDefinition service, List<ServiceDefinition> overlays) {
        if (containers.refresh(node(service)).container(service.container()).isEmpty()) {
            String host = service.isOverlay() ? service.hostedBy() : service.name();
            throw new ServiceActionFailure(service.container() + " does not exist on " + service.node()
                    + ": install " + host + " first, then run reapply-patches");
        }
        List<ServiceStep> steps = new ArrayList<>();
        Set<String> secrets = new HashSet<>();
        for (ServiceDefinition overlay : overlays) {
            Plan plan = commands.applyOverlay(overlay);
            steps.addAll(plan.steps());
            secrets.addAll(plan.secrets());
        }
        return new Plan(steps, secrets);
    }

    private SparkNode node(ServiceDefinition service) {
        return catalog.nodeOf(service);
    }
}
