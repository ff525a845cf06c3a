package com.sparkcontrol.gateway;

import java.util.Locale;
import java.util.Set;

/**
 * RFC 9110 §7.6.1: headers that describe one connection and must not be forwarded by a proxy, plus the ones
 * this gateway sets itself (length and framing are the servlet container's job; {@code Server} and
 * {@code Date} describe us, not the Spark). Also the request headers the JDK client refuses to set.
 */
final class HopByHopHeaders {

    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "content-length", "host", "expect", "server", "date",
            "content-encoding");

    private HopByHopHeaders() {}

    static boolean forwarded(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !NOT_FORWARDED.contains(lower) && !lower.startsWith(":");
    }
}
