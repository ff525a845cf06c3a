package com.sparkcontrol.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A backend's response body as an {@link InputStream} that hands on each chunk as soon as the backend sends it.
 * Like the JDK's {@code BodyHandlers.ofInputStream()} it asks for chunks only as they are read, a few ahead
 * ({@link #WINDOW}; a slow client slows only its own backend connection), and {@link #close()} cancels the
 * exchange, which closes the connection so the backend stops generating. Unlike it, a read can wait for a
 * bounded time ({@link #readWithin}), which is what lets the SSE relay send keep-alive comments while the
 * backend is quiet.
 */
final class UpstreamBody extends InputStream implements HttpResponse.BodySubscriber<UpstreamBody> {

    /** {@link #readWithin} found nothing within the wait. */
    static final int TIMED_OUT = -2;

    /**
     * Chunks asked for ahead of the reader. With one at a time the JDK client stops reading after every chunk and
     * must be woken to resume once the reader asks again: two thread wake-ups per server-sent event. A small
     * window keeps it reading; a slow client still holds back only its own backend connection, by this many chunks.
     */
    static final int WINDOW = 4;

    private static final Object END = new Object();
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    private final long idleTimeoutNanos;
    private final Runnable onFirstByte;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private List<ByteBuffer> current = List.of();
    private int currentIndex;
    private boolean ended;
    private boolean firstByteSeen;
    private long bytesRead;

    /** @param idleTimeoutNanos how long a plain {@link #read} waits for the backend before failing */
    UpstreamBody(long idleTimeoutNanos, Runnable onFirstByte) {
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.onFirstByte = onFirstByte;
    }

    // --- the HttpClient side ---

    @Override
    public CompletionStage<UpstreamBody> getBody() {
        return CompletableFuture.completedFuture(this); // the response is usable as soon as its headers arrive
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(WINDOW);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> chunk) {
        arrivals.add(chunk);
    }

    @Override
    public void onError(Throwable failure) {
        arrivals.add(failure);
    }

    @Override
    public void onComplete() {
        arrivals.add(END);
    }

    // --- the reading side (one thread: the one writing the response to the client) ---

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = readWithin(b, off, len, idleTimeoutNanos);
        if (n == TIMED_OUT) {
            close();
            throw new UpstreamIdleException(idleTimeoutNanos);
        }
        return n;
    }

    /** Up to {@code len} bytes; -1 at the end; {@link #TIMED_OUT} when the backend sent nothing within the wait. */
    int readWithin(byte[] b, int off, int len, long waitNanos) throws IOException {
        if (len == 0) {
            return 0;
        }
        ByteBuffer buffer = nextBuffer(waitNanos);
        if (buffer == null) {
            return ended ? -1 : TIMED_OUT;
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        bytesRead += n;
        if (!firstByteSeen) {
            firstByteSeen = true;
            onFirstByte.run();
        }
        return n;
    }

    @Override
    public int available() {
        int available = 0;
        for (int i = currentIndex; i < current.size(); i++) {
            available += current.get(i).remaining();
        }
        return available;
    }

    long bytesRead() {
        return bytesRead;
    }

    /** Cancels the exchange when the body was not read to its end: the backend sees its connection closed. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null && !ended) {
            s.cancel();
        }
        arrivals.clear();
        current = List.of();
    }

    private ByteBuffer nextBuffer(long waitNanos) throws IOException {
        while (true) {
            if (closed) {
                throw new IOException("body closed");
            }
            while (currentIndex < current.size()) {
                ByteBuffer candidate = current.get(currentIndex);
                if (candidate.hasRemaining()) {
                    return candidate;
                }
                currentIndex++;
            }
            if (ended) {
                return null;
            }
            if (!current.isEmpty()) {
                current = List.of();
                subscription.request(1); // this chunk is used up: ask for one more, keeping WINDOW ahead
            }
            Object next;
            try {
                next = arrivals.poll(waitNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the backend");
            }
            if (next == null) {
                return null;
            }
            if (next == END) {
                ended = true;
                return null;
            }
            if (next instanceof Throwable failure) {
                ended = true;
                throw failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> chunk = (List<ByteBuffer>) next;
            current = chunk.isEmpty() ? List.of(EMPTY) : chunk;
            currentIndex = 0;
        }
    }

    /** The backend went quiet for longer than the stream idle timeout. */
    static final class UpstreamIdleException extends IOException {
        UpstreamIdleException(long nanos) {
            super("the backend sent nothing for " + TimeUnit.NANOSECONDS.toSeconds(nanos) + " s");
        }
    }
}
