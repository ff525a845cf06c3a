package com.sparkcontrol.services;

import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.services.ServiceActions.ActionRun;
import com.sparkcontrol.ssh.InvalidArgumentException;
import com.sparkcontrol.ssh.SparkException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Decides, before any SSH, whether an action may start: a known action (else 400), a known service (404),
 * an action that service has (400), a configured Spark (503), the secrets an install needs (409), and no
 * other action on the same container (409). Then it begins the action and answers with its id.
 */
@Component
class ServiceActionAdmission implements Processor {

    static final String RUN = "serviceActionRun";
    static final String ACTION = "serviceAction";

    private final ServiceCatalog catalog;
    private final ServiceActions actions;
    private final ServiceCommands commands;

    ServiceActionAdmission(ServiceCatalog catalog, ServiceActions actions, ServiceCommands commands) {
        this.catalog = catalog;
        this.actions = actions;
        this.commands = commands;
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        ServiceActionRequest request = exchange.getIn().getMandatoryBody(ServiceActionRequest.class);
        ServiceAction action = ServiceAction.fromId(request.action());
        ServiceDefinition service = catalog.require(request.service());
        if (!catalog.actionsOf(service).contains(action)) {
            throw new InvalidArgumentException("action", action.id() + " does not apply to " + service.name()
                    + "; it has " + String.join(", ", catalog.actionsOf(service).stream().map(ServiceAction::id).toList()));
        }
        SparkNode node = catalog.nodeOf(service);
        if (!node.configured()) {
            throw new SparkException(node.id(), SparkException.Reason.NOT_CONFIGURED,
                    service.name() + " runs on " + node.id() + ", which is not configured: " + node.missingSetting());
        }
        if (action == ServiceAction.INSTALL && !service.isOverlay()) {
            commands.missingSecret(service).ifPresent(setting -> {
                throw new ResponseStatusException(HttpStatus.CONFLICT,
                        "installing " + service.name() + " needs " + setting + ", which is not set");
            });
        }
        ActionRun run = actions.begin(service, action);
        exchange.setProperty(RUN, run);
        exchange.setProperty(ACTION, action.id());
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("actionId", run.id());
        started.put("service", service.name());
        started.put("action", action.id());
        started.put("node", service.node());
        exchange.getIn().setBody(started);
    }
}
