package com.sparkcontrol.services;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps one platform-http route per custom service prefix ({@code services-custom-proxy-<name>}, matching
 * {@code <prefix>} and everything under it) in step with the catalog: routes of removed or changed services
 * are stopped and removed, new ones added, so an edit of {@code services-overrides.yaml} needs no restart.
 * Each hands its requests to {@code services-custom-proxy}.
 */
@Component
class CustomServiceProxyRoutes implements Processor {

    static final String ROUTE_PREFIX = "services-custom-proxy-";
    private static final Logger log = LoggerFactory.getLogger(CustomServiceProxyRoutes.class);

    private final ServiceCatalog catalog;
    /** Route id → the prefix it serves. */
    private final Map<String, String> installed = new LinkedHashMap<>();

    CustomServiceProxyRoutes(ServiceCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public synchronized void process(Exchange exchange) throws Exception {
        CamelContext context = exchange.getContext();
        Map<String, String> wanted = new LinkedHashMap<>();
        for (ServiceDefinition d : catalog.customs()) {
            if (d.gatewayPrefix() != null) {
                wanted.put(ROUTE_PREFIX + d.name(), d.gatewayPrefix());
            }
        }
        for (Map.Entry<String, String> route : Map.copyOf(installed).entrySet()) {
            if (!route.getValue().equals(wanted.get(route.getKey()))) {
                context.getRouteController().stopRoute(route.getKey());
                context.removeRoute(route.getKey());
                installed.remove(route.getKey());
                log.info("services-custom-proxy: removed {} ({})", route.getKey(), route.getValue());
            }
        }
        for (Map.Entry<String, String> route : wanted.entrySet()) {
            if (!installed.containsKey(route.getKey())) {
                String name = route.getKey().substring(ROUTE_PREFIX.length());
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("platform-http:" + route.getValue() + "?matchOnUriPrefix=true").routeId(route.getKey())
                                .setProperty(CustomServiceForwarder.SERVICE, constant(name))
                                .to("direct:services-custom-proxy");
                    }
                });
                // the supervising route controller (camel.routecontroller.enabled) leaves routes added at run time stopped
                if (!context.getRouteController().getRouteStatus(route.getKey()).isStarted()) {
                    context.getRouteController().startRoute(route.getKey());
                }
                installed.put(route.getKey(), route.getValue());
                log.info("services-custom-proxy: {} → {} ({})", route.getValue(), name, route.getKey());
            }
        }
    }
}
