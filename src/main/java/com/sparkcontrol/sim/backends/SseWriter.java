package com.sparkcontrol.sim.backends;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes server-sent events the way vLLM frames them ({@code data: <json>\n\n}), flushing each one so it
 * leaves as its own chunk. A failed write means the client has gone.
 */
final class SseWriter {

    private final OutputStream out;

    SseWriter(OutputStream out) {
        this.out = out;
    }

    void data(Object json) throws IOException {
        event(SimJson.write(json));
    }

    void done() throws IOException {
        event("[DONE]");
    }

    private void event(String payload) throws IOException {
        out.write(("data: " + payload + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
