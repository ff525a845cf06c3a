package com.sparkcontrol.audio;

import java.time.Instant;
import java.util.Optional;

/**
 * A call the circuit breaker counts as failed: the backend answered 5xx, did not answer in time, or refused
 * the connection. {@code retryAfter} is the instant the backend asked to be left alone until, when it said.
 */
class BackendFailure extends RuntimeException {

    enum Kind {
        SERVER_ERROR,
        TIMEOUT,
        REFUSED,
        BROKEN_CONNECTION
    }

    private final Kind kind;
    private final int status;
    private final Instant retryAfter;

    BackendFailure(Kind kind, int status, Instant retryAfter, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    Kind kind() {
        return kind;
    }

    /** The backend's HTTP status, or 0 when it did not answer. */
    int status() {
        return status;
    }

    Optional<Instant> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
