package com.sparkcontrol.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** One operator route file as last seen: the routes it added, or why it could not be loaded. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RouteFileState(String file, List<String> routes, Instant loadedAt, LoadError error) {

    /** Where and why a file failed to load; {@code line} is null when the cause names none. */
    public record LoadError(Integer line, String reason) {}

    boolean failed() {
        return error != null;
    }
}
