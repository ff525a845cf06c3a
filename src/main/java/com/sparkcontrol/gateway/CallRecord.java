package com.sparkcontrol.gateway;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What the gateway learns about one {@code /v1} call while it runs (which backend, the status, when the first
 * byte came back, how many bytes went through), read once the answer is fully written for the metrics and the
 * access log. Lives in an exchange property, with the servlet request and response the call arrived on; the
 * request's thread runs the whole call, so it is the only writer.
 */
final class CallRecord {

    static final String PROPERTY = "sparkControlGatewayCall";

    final long startNanos = System.nanoTime();
    final String method;
    final String path;
    final HttpServletRequest request;
    final HttpServletResponse response;
    volatile String backend = "gateway";
    volatile int status = 200;
    volatile long firstByteNanos = -1;
    volatile UpstreamBody body;
    volatile String model;

    CallRecord(String method, String path, HttpServletRequest request, HttpServletResponse response) {
        this.method = method;
        this.path = path;
        this.request = request;
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
