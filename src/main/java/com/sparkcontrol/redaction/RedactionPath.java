package com.sparkcontrol.redaction;

/** The OpenAI calls the redaction gateway serves below {@code /redact/v1}, with the field each body must carry. */
enum RedactionPath {
    CHAT("/chat/completions", "messages"),
    COMPLETIONS("/completions", "prompt"),
    EMBEDDINGS("/embeddings", "input");

    /** Below {@code /redact/v1}, and below the upstream's base URL. */
    final String path;
    final String requiredField;

    RedactionPath(String path, String requiredField) {
        this.path = path;
        this.requiredField = requiredField;
    }

    /** The platform-http consumer for this call. */
    String endpoint() {
        return "platform-http:/redact/v1" + path + "?muteException=true";
    }
}
