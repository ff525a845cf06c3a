package com.sparkcontrol.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a model runs: on the head Spark alone ({@code --solo}) or across every cluster member. */
public enum ModelMode {
    SOLO,
    CLUSTER;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code solo} or {@code cluster}, any case; anything else is refused. */
    @JsonCreator
    public static ModelMode parse(String text) {
        if (text != null) {
            for (ModelMode mode : values()) {
                if (mode.json().equalsIgnoreCase(text.strip())) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException("mode must be 'solo' or 'cluster'");
    }
}
