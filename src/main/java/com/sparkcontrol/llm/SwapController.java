package com.sparkcontrol.llm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /api/swap} (the current or last swap, with its log) and {@code DELETE /api/swap} (cancel it). */
@RestController
class SwapController {

    private final ActiveModel activeModel;

    SwapController(ActiveModel activeModel) {
        this.activeModel = activeModel;
    }

    @GetMapping("/api/swap")
    Map<String, Object> current() {
        return activeModel.view().orElseGet(SwapController::none);
    }

    @DeleteMapping("/api/swap")
    ResponseEntity<Map<String, Object>> cancel() {
        activeModel.requestCancel().orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT, "no swap is running"));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(activeModel.view().orElseGet(SwapController::none));
    }

    /** No swap since start-up: the same shape, with nulls, so the dashboard needs no special case. */
    private static Map<String, Object> none() {
        Map<String, Object> none = new LinkedHashMap<>();
        none.put("swapId", null);
        none.put("model", null);
        none.put("state", null);
        none.put("startedAt", null);
        none.put("log", List.of());
        return none;
    }
}
