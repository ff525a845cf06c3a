package com.sparkcontrol.gateway;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * {@code /v1} calls are left out of Spring's generic {@code http_server_requests} observation: the gateway
 * records its own, richer metrics ({@link GatewayMetrics}), and the generic one measured as 10 % of the CPU the
 * gateway spends on a call.
 */
@Configuration(proxyBeanMethods = false)
class GatewayObservations {

    @Bean
    ObservationPredicate gatewayCallsNotObservedTwice() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && server.getCarrier().getRequestURI().startsWith("/v1/"));
    }
}
