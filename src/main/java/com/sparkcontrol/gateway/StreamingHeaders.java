package com.sparkcontrol.gateway;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Headers every streamed answer (server-sent events, chunked audio) carries so nothing between the backend and
 * the client holds it back: nginx-style proxies honour {@code X-Accel-Buffering: no}, caches and browsers
 * {@code Cache-Control: no-cache}. Response compression is off application-wide (it would buffer).
 */
final class StreamingHeaders {

    private StreamingHeaders() {}

    static boolean isStream(String contentType, boolean requestedStream) {
        if (contentType == null) {
            return requestedStream;
        }
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("text/event-stream") || type.startsWith("audio/") || requestedStream;
    }

    static void apply(HttpServletResponse response) {
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("Cache-Control", "no-cache");
    }
}
