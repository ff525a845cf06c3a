package com.sparkcontrol.services;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code services-overrides-reload}: checks {@code <data>/services-overrides.yaml} every few seconds, reloads
 * the catalog when it changed and brings the custom services' gateway routes in step. {@code
 * services-custom-proxy} forwards what those routes receive to the custom service.
 */
@Component
class ServicesOverridesRoute extends RouteBuilder {

    private final ServiceCatalog catalog;
    private final CustomServiceProxyRoutes proxyRoutes;
    private final CustomServiceForwarder forwarder;
    private final ServicesProperties properties;

    ServicesOverridesRoute(ServiceCatalog catalog, CustomServiceProxyRoutes proxyRoutes, CustomServiceForwarder forwarder,
            ServicesProperties properties) {
        this.catalog = catalog;
        this.proxyRoutes = proxyRoutes;
        this.forwarder = forwarder;
        this.properties = properties;
    }

    @Override
    public void configure() {
        from("timer:services-overrides?delay=0&period=" + properties.overridesPoll().toMillis())
                .routeId("services-overrides-reload")
                .process(exchange -> catalog.reloadIfChanged())
                .process(proxyRoutes);

        from("direct:services-custom-proxy").routeId("services-custom-proxy")
                .process(forwarder);
    }
}
