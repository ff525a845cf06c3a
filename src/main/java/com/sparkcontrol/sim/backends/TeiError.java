package com.sparkcontrol.sim.backends;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A text-embeddings-inference error. The status follows TEI's own mapping (router/src/http/server.rs):
 * Empty 400, Validation 413, Tokenizer 422, Overloaded 429, Backend 424, Unhealthy 503. Native routes
 * answer {@code {"error","error_type"}}; the OpenAI route answers the flat {@code {"message","code","type"}}.
 */
final class TeiError extends Exception {

    enum Type {
        Unhealthy(503), Backend(424), Overloaded(429), Validation(413), Tokenizer(422), Empty(400);

        final int status;

        Type(int status) {
            this.status = status;
        }
    }

    private final Type type;

    TeiError(Type type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    int status() {
        return type.status;
    }

    ObjectNode nativeBody() {
        return SimJson.object().put("error", getMessage()).put("error_type", type.name());
    }

    ObjectNode openAi() {
        return SimJson.object().put("message", getMessage()).put("code", type.status).put("type", type.name());
    }
}
