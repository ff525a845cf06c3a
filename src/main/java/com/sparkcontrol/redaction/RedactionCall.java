package com.sparkcontrol.redaction;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One call on {@code /redact/v1} while its route runs: what the client sent, whether the answer is to be
 * restored, and (once scrubbed) the call's {@link RedactionSession}. Kept as an exchange property.
 */
final class RedactionCall {

    static final String PROPERTY = "sparkControlRedactionCall";

    final RedactionPath path;
    final byte[] body;
    final JsonNode json;
    final String accept;
    final boolean restore;
    /** Null until the body was scrubbed. */
    RedactionSession session;

    RedactionCall(RedactionPath path, byte[] body, JsonNode json, String accept, boolean restore) {
        this.path = path;
        this.body = body;
        this.json = json;
        this.accept = accept;
        this.restore = restore;
    }

    /** True when the answer must have this call's placeholders put back. */
    boolean restoresAnswer() {
        return restore && session != null && !session.hasNoPlaceholders();
    }
}
