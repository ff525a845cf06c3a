package com.sparkcontrol.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tuning of the admin plane ({@code spark-control.security.*}). The admin password and the API keys themselves are
 * the top-level {@code spark-control.admin-password} and {@code spark-control.api-keys} of API.md.
 *
 * @param readOnlyOpen               with an admin password set, whether read-only {@code /api} views (GET) stay open
 *                                   to everyone on the LAN; {@code false} closes them to all but a signed-in admin
 *                                   ({@code /api/health}, {@code /api/endpoints} and {@code /api/auth/session} stay open)
 * @param loginFailuresPerMinute     failed sign-ins one client may make per minute before it gets 429
 * @param loginFailuresPerMinuteAll  failed sign-ins all clients together may make per minute (a client can claim any
 *                                   address in X-Forwarded-For, so the per-client limit alone does not bound guessing)
 * @param auditLimit                 audit entries kept in {@code <data>/audit.jsonl} (oldest dropped first)
 */
@Validated
@ConfigurationProperties("spark-control.security")
public record SecurityProperties(
        @DefaultValue("true") boolean readOnlyOpen,
        @DefaultValue("5") @Min(1) @Max(10_000) int loginFailuresPerMinute,
        @DefaultValue("60") @Min(1) @Max(100_000) int loginFailuresPerMinuteAll,
        @DefaultValue("1000") @Min(10) @Max(1_000_000) int auditLimit) {}
