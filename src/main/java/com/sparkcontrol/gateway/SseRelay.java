package com.sparkcontrol.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend's server-sent events as the client receives them: whole events, each passed on as soon as its
 * blank line arrives; an SSE comment ({@code : keep-alive}) whenever the backend is quiet for the heartbeat
 * interval, so proxies in between keep the connection open; and once bytes have been sent, any failure
 * (connection lost, backend silent past the idle timeout, stream cut before {@code [DONE]}) turned into an
 * in-stream {@code data: {"error":…}} then {@code data: [DONE]}. A partial event is never passed on, so a client
 * never parses a broken chunk.
 */
final class SseRelay extends InputStream {

    private static final Logger log = LoggerFactory.getLogger(SseRelay.class);
    static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]".getBytes(StandardCharsets.US_ASCII);
    /** An event longer than this is passed on without waiting for its end (nothing real comes close). */
    private static final int MAX_EVENT = 1 << 20;

    private final UpstreamBody upstream;
    private final String backend;
    private final long heartbeatNanos;
    private final long idleTimeoutNanos;
    private final byte[] chunk = new byte[8192];
    private byte[] carry = new byte[0];
    private byte[] pending;
    private int pendingOffset;
    private boolean finished;
    private boolean sawDone;
    /** How long the backend has been silent, across keep-alives. */
    private long quietNanos;

    SseRelay(UpstreamBody upstream, String backend, long heartbeatNanos, long idleTimeoutNanos) {
        this.upstream = upstream;
        this.backend = backend;
        this.heartbeatNanos = heartbeatNanos;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pending != null) {
            return fromPending(b, off, len);
        }
        if (finished) {
            return -1;
        }
        while (true) {
            long wait = Math.min(heartbeatNanos, idleTimeoutNanos - quietNanos);
            int n;
            try {
                n = upstream.readWithin(chunk, 0, chunk.length, wait);
            } catch (IOException e) {
                log.debug("{} stream failed: {}", backend, e.toString());
                return fail("the connection to the " + backend + " backend was lost mid-stream", b, off, len);
            }
            if (n > 0) {
                quietNanos = 0;
                if (emitCompleteEvents(n)) {
                    return fromPending(b, off, len);
                }
                continue;
            }
            if (n == -1) {
                if (carry.length == 0 && sawDone) {
                    finished = true;
                    return -1;
                }
                return fail("the " + backend + " backend ended the stream early", b, off, len);
            }
            quietNanos += wait;
            if (quietNanos >= idleTimeoutNanos) {
                long millis = TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos);
                return fail("the " + backend + " backend sent nothing for "
                        + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms"), b, off, len);
            }
            if (carry.length == 0) {
                pending = HEARTBEAT;
                pendingOffset = 0;
                return fromPending(b, off, len);
            }
        }
    }

    @Override
    public void close() {
        upstream.close();
    }

    /** Adds {@code n} new bytes; makes every complete event pending; true when there is something to send. */
    private boolean emitCompleteEvents(int n) {
        byte[] combined;
        if (carry.length == 0) {
            combined = Arrays.copyOf(chunk, n);
        } else {
            combined = Arrays.copyOf(carry, carry.length + n);
            System.arraycopy(chunk, 0, combined, carry.length, n);
        }
        int end = endOfLastEvent(combined);
        if (end < 0 && combined.length < MAX_EVENT) {
            carry = combined;
            return false;
        }
        if (end < 0) {
            end = combined.length;
        }
        pending = end == combined.length ? combined : Arrays.copyOf(combined, end);
        pendingOffset = 0;
        carry = end == combined.length ? new byte[0] : Arrays.copyOfRange(combined, end, combined.length);
        if (!sawDone && indexOf(pending, DONE) >= 0) {
            sawDone = true;
        }
        return true;
    }

    /** Index just past the last blank line ({@code \n\n} or {@code \r\n\r\n}), or -1. */
    private static int endOfLastEvent(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 1; i--) {
            if (bytes[i] == '\n' && (bytes[i - 1] == '\n' || (i >= 2 && bytes[i - 1] == '\r' && bytes[i - 2] == '\n'))) {
                return i + 1;
            }
        }
        return -1;
    }

    private int fail(String message, byte[] b, int off, int len) {
        finished = true;
        upstream.close();
        carry = new byte[0]; // a partial event is dropped, never sent half
        pending = OpenAiError.of(502, message).code("upstream_stream_error").asStreamEvents();
        pendingOffset = 0;
        return fromPending(b, off, len);
    }

    private int fromPending(byte[] b, int off, int len) {
        int n = Math.min(len, pending.length - pendingOffset);
        System.arraycopy(pending, pendingOffset, b, off, n);
        pendingOffset += n;
        if (pendingOffset == pending.length) {
            pending = null;
        }
        return n;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
