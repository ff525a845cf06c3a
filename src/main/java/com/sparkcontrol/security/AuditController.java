package com.sparkcontrol.security;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/audit?limit=}: the newest control actions first, for the dashboard's Setup tab. */
@RestController
class AuditController {

    private static final int MAX = 1000;

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/api/audit")
    Map<String, List<AuditEntry>> audit(@RequestParam(defaultValue = "100") int limit) {
        return Map.of("entries", audit.newest(Math.max(1, Math.min(limit, MAX))));
    }
}
