package com.sparkcontrol.redaction;

import java.io.IOException;
import java.io.InputStream;

/**
 * An upstream SSE body with placeholders restored, for handing to the HTTP layer as a streaming response
 * body. Each read returns what the restorer releases from the upstream bytes available so far; closing it
 * closes the upstream, so a client that goes away stops the generation.
 */
public final class RestoringInputStream extends InputStream {

    private final InputStream upstream;
    private final SseRestorer restorer;
    private final byte[] readBuffer = new byte[8192];
    private byte[] pending = new byte[0];
    private int position;
    private boolean upstreamDone;

    public RestoringInputStream(InputStream upstream, SseRestorer restorer) {
        this.upstream = upstream;
        this.restorer = restorer;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position >= pending.length) {
            if (upstreamDone) {
                return -1;
            }
            int n = upstream.read(readBuffer);
            if (n < 0) {
                upstreamDone = true;
                pending = restorer.finish();
            } else {
                pending = restorer.accept(readBuffer, 0, n);
            }
            position = 0;
        }
        int count = Math.min(length, pending.length - position);
        System.arraycopy(pending, position, buffer, offset, count);
        position += count;
        return count;
    }

    @Override
    public int available() {
        return pending.length - position;
    }

    @Override
    public void close() throws IOException {
        upstream.close();
    }
}
