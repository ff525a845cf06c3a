package com.sparkcontrol.config;

import java.util.Set;

/** One Spark as the rest of the app sees it: a stable id ({@code spark1}, {@code spark2}, …), its SSH address and roles. */
public record SparkNode(String id, String host, String user, int sshPort, Set<NodeRole> roles) {

    public SparkNode {
        roles = Set.copyOf(roles);
    }

    /** A Spark without a host or user is listed but never contacted. */
    public boolean configured() {
        return notBlank(host) && notBlank(user);
    }

    /** What is missing before this Spark can be reached, or null when configured. */
    public String missingSetting() {
        if (!notBlank(host)) {
            return "spark-control." + id + ".host is not set";
        }
        if (!notBlank(user)) {
            return "spark-control." + id + ".user is not set";
        }
        return null;
    }

    public boolean has(NodeRole role) {
        return roles.contains(role);
    }

    /** {@code host:port} for messages. */
    public String address() {
        return (host == null ? "?" : host) + ":" + sshPort;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
