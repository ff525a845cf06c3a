package com.sparkcontrol.gateway;

/**
 * The {@code /v1} paths this router serves, with the method and body each expects. Transcription and
 * translation are not here: the audio capability serves them on their own routes.
 */
enum GatewayPath {
    CHAT("/chat/completions", "POST", "messages"),
    COMPLETIONS("/completions", "POST", "prompt"),
    EMBEDDINGS("/embeddings", "POST", "input"),
    SPEECH("/audio/speech", "POST", "input"),
    VOICES("/audio/voices", "GET", null),
    MODELS("/models", "GET", null),
    MODEL("/models/", "GET", null);

    static final String PROPERTY = "sparkControlGatewayPath";

    final String path;
    final String method;
    /** The field a JSON body must have; null for calls without a body. */
    final String requiredField;

    GatewayPath(String path, String method, String requiredField) {
        this.path = path;
        this.method = method;
        this.requiredField = requiredField;
    }

    boolean json() {
        return requiredField != null;
    }

    /** The path below {@code /v1}, e.g. {@code /chat/completions}; null when this router does not serve it. */
    static GatewayPath of(String below) {
        String path = below.length() > 1 && below.endsWith("/") ? below.substring(0, below.length() - 1) : below;
        for (GatewayPath candidate : values()) {
            if (candidate == MODEL ? path.startsWith(MODEL.path) && path.length() > MODEL.path.length()
                    : candidate.path.equals(path)) {
                return candidate;
            }
        }
        return null;
    }
}
