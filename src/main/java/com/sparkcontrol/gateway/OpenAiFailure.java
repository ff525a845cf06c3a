package com.sparkcontrol.gateway;

import java.time.Duration;

/**
 * A request on {@code /v1} that ends in an OpenAI error envelope: thrown by any step of the gateway and written
 * once by the {@code openai-errors} route configuration, with {@code Retry-After} when the caller should retry.
 */
public class OpenAiFailure extends RuntimeException {

    private final transient OpenAiError error;
    private final Duration retryAfter;

    public OpenAiFailure(OpenAiError error) {
        this(error, null);
    }

    public OpenAiFailure(OpenAiError error, Duration retryAfter) {
        super(error.message(), null, false, false);
        this.error = error;
        this.retryAfter = retryAfter;
    }

    public OpenAiError error() {
        return error;
    }

    public int status() {
        return error.status();
    }

    /** Null when the caller should not be told when to retry. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds, rounded up, at least 1. */
    public long retryAfterSeconds() {
        return retryAfter == null ? 0 : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    static OpenAiFailure badRequest(String message, String param) {
        return new OpenAiFailure(OpenAiError.of(400, message).param(param));
    }

    static OpenAiFailure unavailable(String message, Duration retryAfter) {
        return new OpenAiFailure(OpenAiError.of(503, message), retryAfter);
    }
}
