package com.sparkcontrol.redaction;

import java.util.List;

/** A redacted text and the entities replaced in it, the shape of {@code POST /api/redact}'s answer. */
public record RedactionResult(String text, List<RedactedEntity> entities) {

    public RedactionResult {
        entities = List.copyOf(entities);
    }
}
