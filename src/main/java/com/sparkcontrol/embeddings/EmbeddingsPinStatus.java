package com.sparkcontrol.embeddings;

import com.sparkcontrol.web.StatusContributor;
import org.springframework.stereotype.Component;

/** {@code embeddingsPin} in {@code GET /api/status}: the pinned embedding model and dimension, or none. */
@Component
class EmbeddingsPinStatus implements StatusContributor {

    private final EmbeddingsPin pin;

    EmbeddingsPinStatus(EmbeddingsPin pin) {
        this.pin = pin;
    }

    @Override
    public String key() {
        return "embeddingsPin";
    }

    @Override
    public Object snapshot() {
        return EmbeddingsPinController.describe(pin.current());
    }
}
