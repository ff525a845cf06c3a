package com.sparkcontrol.audio;

import java.nio.charset.StandardCharsets;

/** What a backend answered (2xx or 4xx; 5xx and transport failures are {@link BackendFailure}s). */
record BackendReply(int status, String contentType, byte[] body) {

    boolean ok() {
        return status >= 200 && status < 300;
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
