package com.sparkcontrol.embeddings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/embeddings/pin} shows which model and dimension {@code /v1/embeddings} is pinned to;
 * {@code DELETE /api/embeddings/pin} clears it (a control-plane action: the operator re-embedded their data
 * and accepts the new model), so the next answer pins again.
 */
@RestController
@RequestMapping("/api/embeddings/pin")
class EmbeddingsPinController {

    private final EmbeddingsPin pin;

    EmbeddingsPinController(EmbeddingsPin pin) {
        this.pin = pin;
    }

    @GetMapping
    Map<String, Object> show() {
        return describe(pin.current());
    }

    @DeleteMapping
    Map<String, Object> clear() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pinned", false);
        answer.put("cleared", pin.clear().map(EmbeddingsPinController::fields).orElse(null));
        return answer;
    }

    static Map<String, Object> describe(Optional<EmbeddingsPin.Pin> current) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("pinned", current.isPresent());
        current.ifPresent(p -> state.putAll(fields(p)));
        return state;
    }

    private static Map<String, Object> fields(EmbeddingsPin.Pin pin) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", pin.model());
        fields.put("dimension", pin.dimension());
        fields.put("pinnedAt", pin.pinnedAt().toString());
        return fields;
    }
}
