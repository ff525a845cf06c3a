package com.sparkcontrol.security;

import java.time.Instant;

/**
 * One control action: when, who ({@code admin@address} or {@code anonymous@address}), what ({@code POST
 * /api/models/{id}/switch}), on what (the path's values, e.g. the model id) and the HTTP status it ended with.
 * Never a request body, so never a secret.
 */
public record AuditEntry(Instant at, String who, String action, String target, int result) {}
