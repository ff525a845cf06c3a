package com.sparkcontrol.gateway;

import jakarta.servlet.http.HttpServletResponse;

/**
 * What the gateway learns about one {@code /v1} call while it runs (which backend, the status, when the first
 * byte came back, how many bytes went through), read once the answer is fully written for the metrics and the
 * access log. Lives in an exchange property; the thread that writes the response is the only writer.
 */
final class CallRecord {

    static final String PROPERTY = "sparkControlGatewayCall";

    final long startNanos = System.nanoTime();
    final String method;
    final String path;
    final HttpServletResponse response;
    volatile String backend = "gateway";
    volatile int status = 200;
    volatile long firstByteNanos = -1;
    volatile UpstreamBody body;
    volatile String model;

    CallRecord(String method, String path, HttpServletResponse response) {
        this.method = method;
        this.path = path;
        this.response = response;
    }

    void firstByte() {
        if (firstByteNanos < 0) {
            firstByteNanos = System.nanoTime();
        }
    }

    long bytes() {
        UpstreamBody b = body;
        return b == null ? 0 : b.bytesRead();
    }
}
