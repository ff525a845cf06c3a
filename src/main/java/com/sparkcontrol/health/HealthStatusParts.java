package com.sparkcontrol.health;

import com.sparkcontrol.web.StatusContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health poll's parts of {@code GET /api/status}: {@code sparks} (reachability, headline figures and, on Sparks
 * that run vLLM, whether {@code launch-cluster.sh} is in the repo dir),
 * {@code backends} (up/down, model, vLLM load) and {@code connectivity} (latest transitions and reported events).
 */
@Configuration(proxyBeanMethods = false)
class HealthStatusParts {

    static final int RECENT = 20;

    @Bean
    StatusContributor sparksStatus(ClusterHealth health) {
        return part("sparks", health::sparksStatus);
    }

    @Bean
    StatusContributor backendsStatus(ClusterHealth health) {
        return part("backends", health::backendsStatus);
    }

    @Bean
    StatusContributor connectivityStatus(ClusterHealth health) {
        return part("connectivity", () -> health.connectivityStatus(RECENT));
    }

    private static StatusContributor part(String key, java.util.function.Supplier<Object> snapshot) {
        return new StatusContributor() {
            @Override
            public String key() {
                return key;
            }

            @Override
            public Object snapshot() {
                return snapshot.get();
            }
        };
    }
}
