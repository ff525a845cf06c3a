package com.sparkcontrol.services;

import com.sparkcontrol.ssh.CommandArguments;
import com.sparkcontrol.ssh.InvalidArgumentException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/services}: the services with their state and health, and their lifecycle actions. Actions are
 * validated here and in {@code services-action} before any SSH, and answered 202 with an action id; the
 * output follows as {@code service-log} events and in {@code GET /api/services/{name}/last-action}.
 */
@RestController
class ServicesController {

    private final ServiceStatusView view;
    private final ServiceActions actions;
    private final ServiceCatalog catalog;
    private final ProducerTemplate producer;

    ServicesController(ServiceStatusView view, ServiceActions actions, ServiceCatalog catalog, ProducerTemplate producer) {
        this.view = view;
        this.actions = actions;
        this.catalog = catalog;
        this.producer = producer;
    }

    @GetMapping("/api/services")
    List<Map<String, Object>> services() {
        return view.list();
    }

    @GetMapping("/api/services/{name}")
    Map<String, Object> service(@PathVariable String name) {
        return view.one(CommandArguments.serviceName("name", name));
    }

    @GetMapping("/api/services/{name}/last-action")
    ServiceActions.ActionView lastAction(@PathVariable String name) {
        ServiceDefinition service = catalog.require(CommandArguments.serviceName("name", name));
        return actions.last(service.name(), true)
                .orElseThrow(() -> new NoSuchElementException("no action on " + name + " since Spark Control started"));
    }

    @PostMapping("/api/services/{name}/{action}")
    ResponseEntity<Object> act(@PathVariable String name, @PathVariable String action, HttpServletRequest request) {
        if (request.getRequestURI().indexOf(';') >= 0) {
            // Spring would drop ";…" as a path parameter and run the action before it; refuse instead of guessing
            throw new InvalidArgumentException("path", "must not contain ';'");
        }
        CommandArguments.serviceName("name", name);
        ServiceAction.fromId(action);
        try {
            Object started = producer.requestBody("direct:services-action", new ServiceActionRequest(name, action));
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(started);
        } catch (CamelExecutionException e) {
            // the route's checks throw the same exceptions a controller would; let ApiExceptionHandler map them
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
