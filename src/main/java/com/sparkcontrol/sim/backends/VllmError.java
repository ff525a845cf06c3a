package com.sparkcontrol.sim.backends;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An error vLLM answers in its nested envelope, {@code code} being the integer HTTP status (vLLM ≥ 0.10.1). */
final class VllmError extends Exception {

    private final int status;
    private final String type;
    private final String param;

    VllmError(int status, String type, String message, String param) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
    }

    static VllmError badRequest(String message) {
        return new VllmError(400, "BadRequestError", message, null);
    }

    int status() {
        return status;
    }

    /** {@code {"error":{"message","type","param","code"}}}. */
    ObjectNode envelope() {
        return envelope(getMessage(), type, param, status);
    }

    static ObjectNode envelope(String message, String type, String param, int code) {
        ObjectNode error = SimJson.object();
        error.put("message", message).put("type", type);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        error.put("code", code);
        ObjectNode body = SimJson.object();
        body.set("error", error);
        return body;
    }
}
