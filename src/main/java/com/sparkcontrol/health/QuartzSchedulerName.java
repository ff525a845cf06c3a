package com.sparkcontrol.health;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives this application's Quartz scheduler a name of its own. Quartz keeps schedulers in a JVM-wide registry
 * by name, and Camel names it after the Camel context ({@code spark-control}); a second application context in
 * the same JVM (tests) would then share the first one's scheduler: only one would poll, and closing either
 * would stop both. It also lowers the misfire threshold (see below); everything else stays at Quartz's defaults.
 */
@Configuration(proxyBeanMethods = false)
class QuartzSchedulerName {

    @Bean
    ComponentCustomizer uniqueQuartzSchedulerName() {
        return ComponentCustomizer.forType(QuartzComponent.class, quartz -> {
            Map<String, Object> properties = new HashMap<>();
            Properties defaults = new Properties();
            try (InputStream in = QuartzComponent.class.getClassLoader().getResourceAsStream("org/quartz/quartz.properties")) {
                if (in != null) {
                    defaults.load(in);
                }
            } catch (IOException e) {
                // Quartz's own defaults apply for whatever is missing
            }
            defaults.forEach((key, value) -> properties.put(key.toString(), value));
            properties.put("org.quartz.scheduler.instanceName", "scheduler-" + UUID.randomUUID());
            // a fire more than a second late (the previous poll ran long) counts as missed and is skipped, instead
            // of firing all late fires back to back (Quartz's default tolerates 60 s of lateness)
            properties.put("org.quartz.jobStore.misfireThreshold", "1000");
            quartz.setProperties(properties);
        });
    }
}
