package com.sparkcontrol.redaction;

/** The OpenAI calls the redaction gateway serves below {@code /redact/v1}, with the field each body must carry. */
enum RedactionPath {
    CHAT("/chat/completions", "messages", "redaction-gateway-chat"),
    COMPLETIONS("/completions", "prompt", "redaction-gateway-completions"),
    EMBEDDINGS("/embeddings", "input", "redaction-gateway-embeddings");

    /** Below {@code /redact/v1}, and below the upstream's base URL. */
    final String path;
    final String requiredField;
    final String routeId;

    RedactionPath(String path, String requiredField, String routeId) {
        this.path = path;
        this.requiredField = requiredField;
        this.routeId = routeId;
    }

    /** The route's endpoint, which {@link RedactionEntry} sends the call to. */
    String endpoint() {
        return "direct:" + routeId;
    }

    /** The path below {@code /redact/v1} (a trailing slash allowed); null when the gateway does not serve it. */
    static RedactionPath of(String below) {
        String path = below.length() > 1 && below.endsWith("/") ? below.substring(0, below.length() - 1) : below;
        for (RedactionPath candidate : values()) {
            if (candidate.path.equals(path)) {
                return candidate;
            }
        }
        return null;
    }
}
