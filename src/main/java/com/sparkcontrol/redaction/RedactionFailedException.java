package com.sparkcontrol.redaction;

/**
 * Scrubbing could not be completed, so nothing may be forwarded (fail closed). The message names the step
 * that failed, never the text being scrubbed.
 */
public class RedactionFailedException extends RuntimeException {

    /** Why scrubbing stopped: the caller maps a bad request body to 400 and a detector failure to 500. */
    public enum Reason { DETECTOR_FAILED, INVALID_REQUEST_BODY }

    private final Reason reason;

    public RedactionFailedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Wraps a detector's failure. The cause's message could quote the text, so only its class name and
     * stack trace are kept.
     */
    static RedactionFailedException detectorFailed(PiiDetector detector, Throwable cause) {
        RedactionFailedException e = new RedactionFailedException(Reason.DETECTOR_FAILED,
                "detector " + detector.type() + " failed with " + cause.getClass().getName());
        e.setStackTrace(cause.getStackTrace());
        return e;
    }

    public Reason reason() {
        return reason;
    }
}
