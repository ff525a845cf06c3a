package com.sparkcontrol.web;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/status}: the dashboard's one snapshot, composed of every {@link StatusContributor}'s part
 * under its key. A part that fails shows its error in its place; the others still answer.
 */
@RestController
class StatusController {

    private static final Logger log = LoggerFactory.getLogger(StatusController.class);

    private final List<StatusContributor> contributors;

    StatusController(List<StatusContributor> contributors) {
        this.contributors = contributors.stream().sorted(Comparator.comparing(StatusContributor::key)).toList();
    }

    @GetMapping("/api/status")
    Map<String, Object> status() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", Instant.now());
        for (StatusContributor contributor : contributors) {
            try {
                body.put(contributor.key(), contributor.snapshot());
            } catch (RuntimeException e) {
                log.warn("The '{}' part of /api/status failed: {}", contributor.key(), e.toString());
                body.put(contributor.key(), new ApiError("unavailable", "this part of the status could not be read"));
            }
        }
        return body;
    }
}
