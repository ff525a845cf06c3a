package com.sparkcontrol.ssh;

/** Reaching a Spark failed; {@link #reason()} says how, for a clear 503 and the dashboard. */
public class SparkException extends RuntimeException {

    /** What went wrong, in the words the dashboard shows. */
    public enum Reason {
        NOT_CONFIGURED,
        UNREACHABLE,
        AUTHENTICATION_REFUSED,
        HOST_KEY_CHANGED,
        TIMEOUT,
        CONNECTION_LOST
    }

    private final String node;
    private final Reason reason;

    public SparkException(String node, Reason reason, String message) {
        this(node, reason, message, null);
    }

    public SparkException(String node, Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.node = node;
        this.reason = reason;
    }

    public String node() {
        return node;
    }

    public Reason reason() {
        return reason;
    }
}
