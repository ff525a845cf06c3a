package com.sparkcontrol.health;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tuning of the health poll, its history and health events ({@code spark-control.health.*}).
 *
 * @param pollInterval       how often every Spark and backend is polled
 * @param sshTimeout         how long one Spark's gatherer may run before that Spark counts as down
 * @param httpTimeout        how long one backend HTTP probe may take
 * @param historySize        points kept per metric for the dashboard's sparklines
 * @param connectivityLimit  state transitions kept in {@code connectivity.json} (oldest dropped first)
 * @param eventLimit         reported health events kept in {@code connectivity.json}
 * @param eventRateLimit     health events accepted per source and minute
 * @param eventBurst         health events a source may send at once before the rate limit applies
 */
@Validated
@ConfigurationProperties("spark-control.health")
public record HealthProperties(
        @DefaultValue("5s") @DurationMin(millis = 100) Duration pollInterval,
        @DefaultValue("4s") @DurationMin(seconds = 1) Duration sshTimeout,
        @DefaultValue("2s") @DurationMin(millis = 100) Duration httpTimeout,
        @DefaultValue("120") @Min(2) @Max(100_000) int historySize,
        @DefaultValue("1000") @Min(10) @Max(1_000_000) int connectivityLimit,
        @DefaultValue("200") @Min(1) @Max(100_000) int eventLimit,
        @DefaultValue("12") @Min(1) @Max(100_000) int eventRateLimit,
        @DefaultValue("5") @Min(1) @Max(100_000) int eventBurst) {}
