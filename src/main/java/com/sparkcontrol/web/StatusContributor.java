package com.sparkcontrol.web;

/**
 * A part of the {@code GET /api/status} snapshot. Each capability contributes its own piece under its key
 * (for example {@code llm}, {@code sparks}, {@code services}), so the snapshot has no owner but its parts.
 */
public interface StatusContributor {

    /** The key of this part in the snapshot, e.g. {@code "llm"}. */
    String key();

    /** A JSON-serialisable snapshot; cheap (no SSH or HTTP calls: read the state the routes keep). */
    Object snapshot();
}
