package com.sparkcontrol.services;

import com.sparkcontrol.ssh.InvalidArgumentException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What {@code POST /api/services/{name}/{action}} can ask for; each has its own route, {@code services-action-<id>}. */
public enum ServiceAction {
    INSTALL("install"),
    START("start"),
    STOP("stop"),
    RESTART("restart"),
    REMOVE("remove"),
    REAPPLY_PATCHES("reapply-patches");

    private final String id;

    ServiceAction(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The action named in a request, or a 400 listing the valid ones. */
    public static ServiceAction fromId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst()
                .orElseThrow(() -> new InvalidArgumentException("action", "must be one of "
                        + Arrays.stream(values()).map(ServiceAction::id).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return id;
    }
}
