package com.sparkcontrol.routes;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Operator YAML routes ({@code spark-control.routes.*}); the folder itself is {@code spark-control.routes-dir}. */
@ConfigurationProperties("spark-control.routes")
public record RoutesProperties(
        /** How often the routes folder is checked for new, changed and deleted files. */
        @DefaultValue("1s") Duration pollInterval,
        /** Copy the bundled examples into {@code <routes-dir>/examples/} when the folder is created. */
        @DefaultValue("true") boolean seedExamples) {}
